//! Texts of the spend analytics: the page, its charts and the CSV exports.

use kontor_domain::Locale;

pub struct AnalyticsTexts {
    pub locale: Locale,
    pub nav_analytics: &'static str,
    pub title: &'static str,
    pub lead: &'static str,
    pub months_title: &'static str,
    /// The chart's accessible title; `{from}` and `{to}` are months.
    pub chart_title: &'static str,
    pub chart_description: &'static str,
    /// `{amount}`: the team's monthly budgets together.
    pub budget_line: &'static str,
    pub no_budgets: &'static str,
    pub purchasers_title: &'static str,
    pub cost_centers_title: &'static str,
    pub categories_title: &'static str,
    pub approvers_title: &'static str,
    pub approvers_lead: &'static str,
    pub no_decisions: &'static str,
    pub waiting_title: &'static str,
    pub waiting_none: &'static str,
    /// `{count}` orders, `{amount}` together.
    pub waiting_some: &'static str,
    pub waiting_link: &'static str,
    pub nothing_spent: &'static str,
    pub download_csv: &'static str,
    /// The start of every export's file name.
    pub file_prefix: &'static str,
    pub col_month: &'static str,
    pub col_spent: &'static str,
    pub col_purchaser: &'static str,
    pub col_this_month: &'static str,
    pub col_monthly_budget: &'static str,
    pub col_per_order_limit: &'static str,
    pub col_cost_center: &'static str,
    pub col_category: &'static str,
    pub col_approver: &'static str,
    pub col_decisions: &'static str,
    pub col_median: &'static str,
    pub col_p90: &'static str,
    pub col_median_hours: &'static str,
    pub col_p90_hours: &'static str,
    /// The header of the bar column (read by screen readers only).
    pub col_share: &'static str,
    pub no_cost_center: &'static str,
    pub shipping: &'static str,
    pub months: [&'static str; 12],
    pub unit_day: &'static str,
    pub unit_hour: &'static str,
    pub unit_minute: &'static str,
    // The vendor's analytics.
    pub nav_vendor_analytics: &'static str,
    pub vendor_title: &'static str,
    pub vendor_lead: &'static str,
    pub revenue_title: &'static str,
    /// `{from}`, `{to}`: months.
    pub revenue_chart_title: &'static str,
    pub customers_title: &'static str,
    pub no_revenue: &'static str,
    pub service_level_title: &'static str,
    pub service_level_lead: &'static str,
    pub no_requests: &'static str,
    pub satisfaction_link: &'static str,
    pub vendor_file_prefix: &'static str,
    pub col_customer: &'static str,
    pub col_orders: &'static str,
    pub col_revenue: &'static str,
    pub col_quarter: &'static str,
    pub col_requests: &'static str,
    pub col_response_share: &'static str,
    pub col_resolution_share: &'static str,
    pub col_responses_kept: &'static str,
    pub col_responses_missed: &'static str,
    pub col_resolutions_kept: &'static str,
    pub col_resolutions_missed: &'static str,
    pub leads_title: &'static str,
    pub leads_lead: &'static str,
    pub col_leads_registered: &'static str,
    pub col_leads_downloading: &'static str,
    pub col_downloads: &'static str,
    /// `{kept}` of `{decided}` (`{percent}` %).
    pub kept_share: &'static str,
    pub none_decided: &'static str,
}

impl AnalyticsTexts {
    /// "Nov 2026" / "Nov. 2026" from "2026-11"; the text itself if it is no month.
    pub fn month(&self, iso: &str) -> String {
        match parse_month(iso) {
            Some((year, month)) => format!("{} {year}", self.months[month - 1]),
            None => iso.to_string(),
        }
    }

    /// A month's short label under its bar: "Nov 26".
    pub fn month_tick(&self, iso: &str) -> String {
        match parse_month(iso) {
            Some((year, month)) => format!(
                "{} {}",
                self.months[month - 1],
                &year[year.len().saturating_sub(2)..]
            ),
            None => iso.to_string(),
        }
    }

    /// "3 of 4 (75 %)", or a dash while none is decided.
    pub fn kept(&self, kept: i64, missed: i64) -> String {
        match kontor_domain::vendor_analytics::LevelKept::percent(kept, missed) {
            Some(percent) => self
                .kept_share
                .replace("{kept}", &kept.to_string())
                .replace("{decided}", &(kept + missed).to_string())
                .replace("{percent}", &percent.to_string()),
            None => self.none_decided.to_string(),
        }
    }

    /// A cycle time as people say it: "45 min", "3 h 20 min", "2 d 4 h".
    pub fn duration(&self, ms: i64) -> String {
        let minutes = ms.max(0) / 60_000;
        let (days, hours, minutes) = (minutes / 1440, minutes / 60 % 24, minutes % 60);
        let (d, h, m) = (self.unit_day, self.unit_hour, self.unit_minute);
        match (days, hours) {
            (0, 0) => format!("{minutes} {m}"),
            (0, _) if minutes == 0 => format!("{hours} {h}"),
            (0, _) => format!("{hours} {h} {minutes} {m}"),
            (_, 0) => format!("{days} {d}"),
            _ => format!("{days} {d} {hours} {h}"),
        }
    }
}

/// "2026-11" as ("2026", 11).
fn parse_month(iso: &str) -> Option<(&str, usize)> {
    let (year, month) = iso.split_once('-')?;
    let month: usize = month.parse().ok()?;
    let digits = !year.is_empty() && year.bytes().all(|b| b.is_ascii_digit());
    (digits && (1..=12).contains(&month)).then_some((year, month))
}

pub const EN: AnalyticsTexts = AnalyticsTexts {
    locale: Locale::En,
    nav_analytics: "Spend analytics",
    title: "Spend analytics",
    lead: "What your organization ordered in the last 24 months, net, with shipping: approved orders and those waiting for approval count; rejected, withdrawn, expired and cancelled ones do not — as for budgets at checkout.",
    months_title: "Spend per month",
    chart_title: "Spend per month, {from} to {to}",
    chart_description: "Bar chart: one bar per month. The table below holds the same figures.",
    budget_line: "Dashed line: the team's monthly budgets together, {amount}.",
    no_budgets: "Nobody in the team has a monthly budget.",
    purchasers_title: "Per purchaser",
    cost_centers_title: "Per cost center",
    categories_title: "Per product category",
    approvers_title: "Approval cycle time",
    approvers_lead: "From placing an order to each approver's decision, over the last 24 months: the median and the time within which 90 % of the decisions were made.",
    no_decisions: "No approvals or rejections in this period.",
    waiting_title: "Waiting for approval now",
    waiting_none: "No order is waiting for approval.",
    waiting_some: "{count} orders waiting, {amount} together.",
    waiting_link: "Open the orders",
    nothing_spent: "Nothing ordered in this period.",
    download_csv: "Download as CSV",
    file_prefix: "spend",
    col_month: "Month",
    col_spent: "Spent",
    col_purchaser: "Purchaser",
    col_this_month: "This month",
    col_monthly_budget: "Monthly budget",
    col_per_order_limit: "Limit per order",
    col_cost_center: "Cost center",
    col_category: "Category",
    col_approver: "Approver",
    col_decisions: "Decisions",
    col_median: "Median",
    col_p90: "90th percentile",
    col_median_hours: "Median (hours)",
    col_p90_hours: "90th percentile (hours)",
    col_share: "Share of the largest",
    no_cost_center: "No cost center",
    shipping: "Shipping",
    months: [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ],
    unit_day: "d",
    unit_hour: "h",
    unit_minute: "min",
    nav_vendor_analytics: "Customer analytics",
    vendor_title: "Customer analytics",
    vendor_lead: "Revenue and orders per customer over the last 12 months (approved orders and everything after, net, with shipping; orders waiting for approval are not revenue yet) and the service level kept per quarter.",
    revenue_title: "Revenue per month",
    revenue_chart_title: "Revenue per month, {from} to {to}",
    customers_title: "Per customer",
    no_revenue: "No revenue in this period.",
    service_level_title: "Service level kept",
    service_level_lead: "Per customer and quarter of opening: first responses and resolutions within their due times, of those decided (a due time still ahead counts neither way).",
    no_requests: "No service requests in the last four quarters.",
    satisfaction_link: "CSAT and NPS per customer and quarter",
    vendor_file_prefix: "customers",
    col_customer: "Customer",
    col_orders: "Orders",
    col_revenue: "Revenue",
    col_quarter: "Quarter",
    col_requests: "Requests",
    col_response_share: "First response on time",
    col_resolution_share: "Resolved on time",
    col_responses_kept: "First responses on time",
    col_responses_missed: "First responses late",
    col_resolutions_kept: "Resolutions on time",
    col_resolutions_missed: "Resolutions late",
    leads_title: "Download leads per month",
    leads_lead: "Engineers who confirmed their address for the technical downloads, those who downloaded something, and their downloads (every lead: a lead belongs to no customer yet).",
    col_leads_registered: "Registered",
    col_leads_downloading: "Downloading",
    col_downloads: "Downloads",
    kept_share: "{kept} of {decided} ({percent} %)",
    none_decided: "—",
};

pub const DE: AnalyticsTexts = AnalyticsTexts {
    locale: Locale::De,
    nav_analytics: "Ausgabenanalyse",
    title: "Ausgabenanalyse",
    lead: "Was Ihre Organisation in den letzten 24 Monaten bestellt hat, netto, mit Versand: freigegebene und auf Freigabe wartende Bestellungen zählen, abgelehnte, zurückgezogene, abgelaufene und stornierte nicht — wie beim Budget an der Kasse.",
    months_title: "Ausgaben pro Monat",
    chart_title: "Ausgaben pro Monat, {from} bis {to}",
    chart_description: "Balkendiagramm: ein Balken pro Monat. Die Tabelle darunter enthält dieselben Zahlen.",
    budget_line: "Gestrichelte Linie: die Monatsbudgets des Teams zusammen, {amount}.",
    no_budgets: "Niemand im Team hat ein Monatsbudget.",
    purchasers_title: "Pro Einkäufer",
    cost_centers_title: "Pro Kostenstelle",
    categories_title: "Pro Produktkategorie",
    approvers_title: "Dauer der Freigaben",
    approvers_lead: "Von der Bestellung bis zur Entscheidung jedes Freigebenden, in den letzten 24 Monaten: der Median und die Zeit, in der 90 % der Entscheidungen fielen.",
    no_decisions: "Keine Freigaben oder Ablehnungen in diesem Zeitraum.",
    waiting_title: "Jetzt auf Freigabe wartend",
    waiting_none: "Keine Bestellung wartet auf Freigabe.",
    waiting_some: "{count} Bestellungen warten, zusammen {amount}.",
    waiting_link: "Zu den Bestellungen",
    nothing_spent: "In diesem Zeitraum wurde nichts bestellt.",
    download_csv: "Als CSV herunterladen",
    file_prefix: "ausgaben",
    col_month: "Monat",
    col_spent: "Ausgaben",
    col_purchaser: "Einkäufer",
    col_this_month: "Dieser Monat",
    col_monthly_budget: "Monatsbudget",
    col_per_order_limit: "Limit pro Bestellung",
    col_cost_center: "Kostenstelle",
    col_category: "Kategorie",
    col_approver: "Freigebende Person",
    col_decisions: "Entscheidungen",
    col_median: "Median",
    col_p90: "90. Perzentil",
    col_median_hours: "Median (Stunden)",
    col_p90_hours: "90. Perzentil (Stunden)",
    col_share: "Anteil am größten Posten",
    no_cost_center: "Ohne Kostenstelle",
    shipping: "Versand",
    months: [
        "Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sep.", "Okt.", "Nov.",
        "Dez.",
    ],
    unit_day: "T",
    unit_hour: "Std.",
    unit_minute: "Min.",
    nav_vendor_analytics: "Kundenanalyse",
    vendor_title: "Kundenanalyse",
    vendor_lead: "Umsatz und Bestellungen pro Kunde in den letzten 12 Monaten (freigegebene Bestellungen und alles danach, netto, mit Versand; auf Freigabe wartende sind noch kein Umsatz) und der eingehaltene Service-Level pro Quartal.",
    revenue_title: "Umsatz pro Monat",
    revenue_chart_title: "Umsatz pro Monat, {from} bis {to}",
    customers_title: "Pro Kunde",
    no_revenue: "Kein Umsatz in diesem Zeitraum.",
    service_level_title: "Eingehaltener Service-Level",
    service_level_lead: "Pro Kunde und Quartal der Eröffnung: Erstreaktionen und Lösungen innerhalb ihrer Fristen, von den entschiedenen (eine noch laufende Frist zählt weder so noch so).",
    no_requests: "Keine Serviceanfragen in den letzten vier Quartalen.",
    satisfaction_link: "CSAT und NPS pro Kunde und Quartal",
    vendor_file_prefix: "kunden",
    col_customer: "Kunde",
    col_orders: "Bestellungen",
    col_revenue: "Umsatz",
    col_quarter: "Quartal",
    col_requests: "Anfragen",
    col_response_share: "Erstreaktion rechtzeitig",
    col_resolution_share: "Rechtzeitig gelöst",
    col_responses_kept: "Erstreaktionen rechtzeitig",
    col_responses_missed: "Erstreaktionen verspätet",
    col_resolutions_kept: "Lösungen rechtzeitig",
    col_resolutions_missed: "Lösungen verspätet",
    leads_title: "Download-Leads pro Monat",
    leads_lead: "Wer die Adresse für die technischen Downloads bestätigt hat, wer etwas heruntergeladen hat, und die Downloads (alle Leads: ein Lead gehört noch zu keinem Kunden).",
    col_leads_registered: "Registriert",
    col_leads_downloading: "Mit Downloads",
    col_downloads: "Downloads",
    kept_share: "{kept} von {decided} ({percent} %)",
    none_decided: "—",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_people_say_them() {
        let minute = 60_000;
        assert_eq!(EN.duration(45 * minute), "45 min");
        assert_eq!(EN.duration(180 * minute), "3 h");
        assert_eq!(EN.duration(200 * minute), "3 h 20 min");
        assert_eq!(EN.duration((2 * 1440 + 4 * 60 + 7) * minute), "2 d 4 h");
        assert_eq!(DE.duration(2 * 1440 * minute), "2 T");
    }

    #[test]
    fn months_are_named_in_the_readers_language() {
        assert_eq!(EN.month("2026-11"), "Nov 2026");
        assert_eq!(DE.month("2026-03"), "März 2026");
        assert_eq!(DE.month_tick("2027-01"), "Jan. 27");
        assert_eq!(EN.month_tick("2026-05"), "May 26");
        assert_eq!(EN.month("x-05"), "x-05");
    }
}
