//! Who may do what: roles, the signed-in actor and the permission rules.
//!
//! The rules answer with [`Access`], never a boolean: `Hidden` (the caller gets a 404
//! that reveals nothing) is different from `Denied` (a 403 about the caller's own
//! scope). Anything that names another organization, or a customer an account manager
//! is not assigned to, is `Hidden`.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Which side of the portal an organization (and its people) is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Side {
    Vendor,
    Customer,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Role {
    // Customer roles.
    Admin,
    Purchaser,
    Approver,
    Finance,
    Viewer,
    // Vendor roles.
    VendorAdmin,
    AccountManager,
    ServiceAgent,
}

impl Role {
    pub const CUSTOMER: [Role; 5] = [
        Role::Admin,
        Role::Purchaser,
        Role::Approver,
        Role::Finance,
        Role::Viewer,
    ];
    pub const VENDOR: [Role; 3] = [Role::VendorAdmin, Role::AccountManager, Role::ServiceAgent];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Purchaser => "purchaser",
            Role::Approver => "approver",
            Role::Finance => "finance",
            Role::Viewer => "viewer",
            Role::VendorAdmin => "vendor_admin",
            Role::AccountManager => "account_manager",
            Role::ServiceAgent => "service_agent",
        }
    }

    pub fn parse(name: &str) -> Option<Role> {
        Role::CUSTOMER
            .into_iter()
            .chain(Role::VENDOR)
            .find(|role| role.as_str() == name.trim())
    }

    pub fn side(self) -> Side {
        if Role::VENDOR.contains(&self) {
            Side::Vendor
        } else {
            Side::Customer
        }
    }
}

/// A set of roles, kept sorted and without duplicates.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Roles(Vec<Role>);

impl Roles {
    pub fn new(roles: impl IntoIterator<Item = Role>) -> Roles {
        let mut roles: Vec<Role> = roles.into_iter().collect();
        roles.sort();
        roles.dedup();
        Roles(roles)
    }

    /// Parses the stored form, `"purchaser,approver"`. Unknown names are dropped: a
    /// role that no longer exists grants nothing.
    pub fn from_stored(text: &str) -> Roles {
        Roles::new(text.split(',').filter_map(Role::parse))
    }

    /// Parses role names chosen in a form for a person of `side`: every name must be
    /// a role of that side, and there must be at least one.
    pub fn parse_for(side: Side, names: &[String]) -> Result<Roles, RolesError> {
        let mut roles = Vec::new();
        for name in names.iter().filter(|n| !n.trim().is_empty()) {
            match Role::parse(name) {
                Some(role) if role.side() == side => roles.push(role),
                _ => return Err(RolesError::Unknown),
            }
        }
        if roles.is_empty() {
            return Err(RolesError::Empty);
        }
        Ok(Roles::new(roles))
    }

    pub fn contains(&self, role: Role) -> bool {
        self.0.contains(&role)
    }

    pub fn iter(&self) -> impl Iterator<Item = Role> + '_ {
        self.0.iter().copied()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `true` when `self` has a role that `other` lacks.
    pub fn grants_more_than(&self, other: &Roles) -> bool {
        self.0.iter().any(|role| !other.contains(*role))
    }
}

impl fmt::Display for Roles {
    /// The stored form: `"purchaser,approver"`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.0.iter().map(|r| r.as_str()).collect();
        f.write_str(&names.join(","))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RolesError {
    Empty,
    Unknown,
}

/// The signed-in person on whose behalf a request runs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub user_id: String,
    pub organization_id: String,
    pub side: Side,
    pub roles: Roles,
}

/// A customer organization as far as permissions go.
#[derive(Clone, Copy, Debug)]
pub struct CustomerScope<'a> {
    pub organization_id: &'a str,
    /// The vendor's account manager assigned to this customer.
    pub account_manager_id: Option<&'a str>,
}

/// The answer of every permission rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    Allowed,
    /// Not allowed, and the caller may know the thing exists (403).
    Denied,
    /// Not the caller's business: answer as if it did not exist (404).
    Hidden,
}

impl Access {
    pub fn is_allowed(self) -> bool {
        self == Access::Allowed
    }
}

/// What someone wants to do.
#[derive(Clone, Copy, Debug)]
pub enum Action<'a> {
    /// See a customer's team: members, roles, limits, approvers.
    ViewTeam(CustomerScope<'a>),
    /// Invite, change and deactivate a customer's members.
    ManageTeam(CustomerScope<'a>),
    /// Read a customer's audit trail.
    ReadAudit(CustomerScope<'a>),
    /// See a customer organization in the vendor's list and its details.
    ViewCustomer(CustomerScope<'a>),
    /// Unlock, suspend, edit a customer organization, invite its first user.
    ManageCustomer(CustomerScope<'a>),
    /// Create a new customer organization.
    CreateCustomer,
    /// Manage the vendor's own staff.
    ManageStaff,
    /// Read the vendor's own audit trail (staff changes, new customers).
    ReadVendorAudit,
    /// Create and revoke API clients and webhook endpoints: who may reach the
    /// portal's data from outside.
    ManageIntegrations,
    /// Read a customer's negotiated terms and prices ("My terms").
    ViewTerms(CustomerScope<'a>),
    /// Change a customer's terms and prices: its account manager or a vendor admin.
    ManageTerms(CustomerScope<'a>),
    /// Create, edit, archive and import the vendor's products.
    ManageCatalog,
    /// Fill a cart and place orders in the organization's name.
    PlaceOrder(CustomerScope<'a>),
    /// See orders of the organization: one's own at least (see [`Action::SeeAllOrders`]).
    ViewOrders(CustomerScope<'a>),
    /// See every order of the organization, not only one's own.
    SeeAllOrders(CustomerScope<'a>),
    /// Open the approvals inbox and name a deputy (who decides a given order is the
    /// chain's business: [`crate::decision::may_decide`]).
    ApproveOrders(CustomerScope<'a>),
    /// Confirm, ship, deliver or cancel a customer's orders (vendor side).
    ManageOrders(CustomerScope<'a>),
    /// Upload documents and new versions: for one customer (`Some`) or for every
    /// customer (`None`: data sheets, CAD models — the vendor admin's catalog work).
    ManageDocuments(Option<CustomerScope<'a>>),
    /// Open a service request in the organization's name.
    OpenServiceRequest(CustomerScope<'a>),
    /// See a customer's service requests and write on them as the customer.
    ViewServiceRequests(CustomerScope<'a>),
    /// Work a customer's requests as the vendor: reply, internal notes, assign,
    /// resolve, see the satisfaction scores.
    WorkServiceRequests(CustomerScope<'a>),
    /// See quotes of the organization: one's own at least (see
    /// [`Action::SeeAllQuotes`]). Asking for one is [`Action::PlaceOrder`]'s.
    ViewQuotes(CustomerScope<'a>),
    /// See every quote of the organization, not only one's own.
    SeeAllQuotes(CustomerScope<'a>),
    /// Answer a customer's quote requests as the vendor: offer, decline, internal
    /// notes.
    WorkQuotes(CustomerScope<'a>),
    /// See what the organization spent (per month, purchaser, cost center, category)
    /// and how long its approvals take: the people who approve and pay.
    ViewSpendAnalytics(CustomerScope<'a>),
    /// See the vendor's figures about its customers (revenue, service level kept):
    /// vendor admins of every customer, account managers of their own.
    ViewVendorAnalytics,
    /// See the leads from technical downloads (who registered, what they downloaded).
    ViewLeads,
    /// Note, convert or close a lead assigned to `assigned_to` (or to nobody).
    WorkLead { assigned_to: Option<&'a str> },
    /// Hand a lead to an account manager (`to`), or take it.
    AssignLead {
        assigned_to: Option<&'a str>,
        to: &'a str,
    },
}

impl Actor {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(role)
    }

    pub fn is_vendor(&self) -> bool {
        self.side == Side::Vendor
    }

    /// The permission rules of the portal, in one place.
    pub fn may(&self, action: Action<'_>) -> Access {
        match self.side {
            Side::Customer => self.customer_may(action),
            Side::Vendor => self.vendor_may(action),
        }
    }

    fn customer_may(&self, action: Action<'_>) -> Access {
        let own = |scope: CustomerScope<'_>| scope.organization_id == self.organization_id;
        let allowed_if = |yes: bool| if yes { Access::Allowed } else { Access::Denied };
        match action {
            Action::ViewTeam(scope) if own(scope) => {
                allowed_if(self.has(Role::Admin) || self.has(Role::Approver))
            }
            Action::ManageTeam(scope) | Action::ReadAudit(scope) if own(scope) => {
                allowed_if(self.has(Role::Admin))
            }
            // Everyone in the organization may read its terms: finance and viewers as
            // much as the purchasers who order under them.
            Action::ViewTerms(scope) if own(scope) => Access::Allowed,
            Action::ManageTerms(scope) if own(scope) => Access::Denied,
            Action::PlaceOrder(scope) if own(scope) => allowed_if(self.has(Role::Purchaser)),
            Action::ViewOrders(scope) if own(scope) => Access::Allowed,
            // Purchasers see their own orders; the others follow the whole organization.
            Action::SeeAllOrders(scope) if own(scope) => allowed_if(
                [Role::Admin, Role::Approver, Role::Finance, Role::Viewer]
                    .into_iter()
                    .any(|r| self.has(r)),
            ),
            Action::ApproveOrders(scope) if own(scope) => {
                allowed_if(self.has(Role::Approver) || self.has(Role::Admin))
            }
            Action::ManageOrders(scope) if own(scope) => Access::Denied,
            Action::ManageDocuments(None) => Access::Denied,
            Action::ManageDocuments(Some(scope)) if own(scope) => Access::Denied,
            // Every member follows and opens the organization's requests: operations
            // and IT (viewers) as much as purchasers (operations and IT report problems with what they run).
            Action::ViewServiceRequests(scope) | Action::OpenServiceRequest(scope)
                if own(scope) =>
            {
                Access::Allowed
            }
            Action::WorkServiceRequests(scope) if own(scope) => Access::Denied,
            // Quotes are about money: the purchasers who ask for them see their own,
            // the people who approve and pay for them the organization's; viewers
            // (operations, IT) do not.
            Action::ViewQuotes(scope) if own(scope) => allowed_if(
                [Role::Purchaser, Role::Admin, Role::Approver, Role::Finance]
                    .into_iter()
                    .any(|r| self.has(r)),
            ),
            Action::SeeAllQuotes(scope) if own(scope) => allowed_if(
                [Role::Admin, Role::Approver, Role::Finance]
                    .into_iter()
                    .any(|r| self.has(r)),
            ),
            Action::WorkQuotes(scope) if own(scope) => Access::Denied,
            // Spending is the business of those who approve and pay it; a purchaser sees
            // their own headroom at checkout, not the colleagues' spending.
            Action::ViewSpendAnalytics(scope) if own(scope) => allowed_if(
                [Role::Admin, Role::Approver, Role::Finance]
                    .into_iter()
                    .any(|r| self.has(r)),
            ),
            // A customer never sees the vendor's tools, nor anything of another customer.
            Action::ViewCustomer(_) | Action::ManageCustomer(_) => Access::Hidden,
            Action::CreateCustomer
            | Action::ViewVendorAnalytics
            | Action::ViewLeads
            | Action::WorkLead { .. }
            | Action::AssignLead { .. }
            | Action::ManageStaff
            | Action::ReadVendorAudit
            | Action::ManageIntegrations
            | Action::ManageCatalog => Access::Denied,
            _ => Access::Hidden,
        }
    }

    fn vendor_may(&self, action: Action<'_>) -> Access {
        let admin = self.has(Role::VendorAdmin);
        let allowed_if = |yes: bool| if yes { Access::Allowed } else { Access::Denied };
        let assigned =
            |scope: CustomerScope<'_>| scope.account_manager_id == Some(self.user_id.as_str());
        // An account manager may do everything for the customers assigned to them and
        // does not see the others at all.
        let manages = |scope: CustomerScope<'_>| {
            if admin || (self.has(Role::AccountManager) && assigned(scope)) {
                Access::Allowed
            } else if self.has(Role::ServiceAgent) {
                Access::Denied
            } else {
                Access::Hidden
            }
        };
        match action {
            Action::ViewCustomer(scope)
            | Action::ViewTerms(scope)
            | Action::ViewOrders(scope)
            | Action::SeeAllOrders(scope)
            | Action::ViewServiceRequests(scope)
            | Action::WorkServiceRequests(scope) => {
                // Service agents work every customer's requests (under its service
                // level), so they see every customer.
                if self.has(Role::ServiceAgent) {
                    Access::Allowed
                } else {
                    manages(scope)
                }
            }
            Action::ViewTeam(scope)
            | Action::ReadAudit(scope)
            | Action::ManageCustomer(scope)
            | Action::ManageTerms(scope)
            | Action::ManageOrders(scope)
            | Action::ManageDocuments(Some(scope))
            // Quotes are sales work: the customer's account manager and the vendor
            // admin (service agents know the customer, so they get a 403).
            | Action::ViewQuotes(scope)
            | Action::SeeAllQuotes(scope)
            | Action::WorkQuotes(scope) => manages(scope),
            // Orders are placed and approved, requests opened, by the customer's own
            // people only.
            // The buyers' analytics are the customer's own view; the vendor's figures
            // about a customer are the vendor analytics'.
            Action::PlaceOrder(scope)
            | Action::ApproveOrders(scope)
            | Action::ViewSpendAnalytics(scope)
            | Action::OpenServiceRequest(scope) => match manages(scope) {
                Access::Allowed => Access::Denied,
                other => other,
            },
            // Vendor staff never change a customer's team beyond its first user.
            Action::ManageTeam(scope) => match manages(scope) {
                Access::Allowed => Access::Denied,
                other => other,
            },
            Action::CreateCustomer | Action::ViewVendorAnalytics => {
                if admin || self.has(Role::AccountManager) {
                    Access::Allowed
                } else {
                    Access::Denied
                }
            }
            // A new lead belongs to nobody yet: every account manager sees the list.
            Action::ViewLeads => allowed_if(admin || self.has(Role::AccountManager)),
            Action::WorkLead { assigned_to } => allowed_if(
                admin
                    || (self.has(Role::AccountManager)
                        && assigned_to.is_none_or(|a| a == self.user_id)),
            ),
            // Account managers take what nobody has; handing a lead to someone else, or
            // taking it from them, is the admin's.
            Action::AssignLead { assigned_to, to } => allowed_if(
                admin
                    || (self.has(Role::AccountManager)
                        && to == self.user_id
                        && assigned_to.is_none_or(|a| a == self.user_id)),
            ),
            Action::ManageStaff
            | Action::ReadVendorAudit
            | Action::ManageIntegrations
            | Action::ManageCatalog
            | Action::ManageDocuments(None) => {
                if admin {
                    Access::Allowed
                } else {
                    Access::Denied
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(side: Side, org: &str, id: &str, roles: &[Role]) -> Actor {
        Actor {
            user_id: id.into(),
            organization_id: org.into(),
            side,
            roles: Roles::new(roles.iter().copied()),
        }
    }

    const MUELLER: CustomerScope<'static> = CustomerScope {
        organization_id: "mueller",
        account_manager_id: Some("vera"),
    };
    const BECKER: CustomerScope<'static> = CustomerScope {
        organization_id: "becker",
        account_manager_id: Some("tim"),
    };

    #[test]
    fn roles_round_trip_through_their_stored_form() {
        let roles = Roles::from_stored("approver,purchaser,purchaser,nonsense");
        assert_eq!(roles.to_string(), "purchaser,approver");
        assert_eq!(Roles::from_stored(&roles.to_string()), roles);
    }

    #[test]
    fn form_roles_must_belong_to_the_side() {
        let names = |n: &[&str]| n.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            Roles::parse_for(Side::Customer, &names(&["vendor_admin"])),
            Err(RolesError::Unknown)
        );
        assert_eq!(
            Roles::parse_for(Side::Customer, &names(&[""])),
            Err(RolesError::Empty)
        );
        assert_eq!(
            Roles::parse_for(Side::Vendor, &names(&["account_manager"]))
                .unwrap()
                .to_string(),
            "account_manager"
        );
    }

    #[test]
    fn customers_see_only_their_own_organization() {
        let carla = actor(Side::Customer, "mueller", "carla", &[Role::Admin]);
        assert_eq!(carla.may(Action::ManageTeam(MUELLER)), Access::Allowed);
        assert_eq!(carla.may(Action::ManageTeam(BECKER)), Access::Hidden);
        assert_eq!(carla.may(Action::ViewTeam(BECKER)), Access::Hidden);
        assert_eq!(carla.may(Action::ReadAudit(BECKER)), Access::Hidden);
        assert_eq!(carla.may(Action::ViewCustomer(MUELLER)), Access::Hidden);
        let egon = actor(Side::Customer, "mueller", "egon", &[Role::Purchaser]);
        assert_eq!(egon.may(Action::ManageTeam(MUELLER)), Access::Denied);
        assert_eq!(egon.may(Action::ViewTeam(MUELLER)), Access::Denied);
        let hannah = actor(
            Side::Customer,
            "mueller",
            "hannah",
            &[Role::Purchaser, Role::Approver],
        );
        assert_eq!(hannah.may(Action::ViewTeam(MUELLER)), Access::Allowed);
        assert_eq!(hannah.may(Action::ManageTeam(MUELLER)), Access::Denied);
    }

    #[test]
    fn service_requests_are_the_customer_s_and_worked_by_the_vendor() {
        let egon = actor(Side::Customer, "mueller", "egon", &[Role::Purchaser]);
        assert_eq!(
            egon.may(Action::OpenServiceRequest(MUELLER)),
            Access::Allowed
        );
        assert_eq!(
            egon.may(Action::ViewServiceRequests(MUELLER)),
            Access::Allowed
        );
        assert_eq!(
            egon.may(Action::WorkServiceRequests(MUELLER)),
            Access::Denied
        );
        assert_eq!(
            egon.may(Action::ViewServiceRequests(BECKER)),
            Access::Hidden
        );
        assert_eq!(egon.may(Action::OpenServiceRequest(BECKER)), Access::Hidden);
        let viewer = actor(Side::Customer, "mueller", "v", &[Role::Viewer]);
        assert_eq!(
            viewer.may(Action::OpenServiceRequest(MUELLER)),
            Access::Allowed
        );
        assert_eq!(
            viewer.may(Action::ViewServiceRequests(MUELLER)),
            Access::Allowed
        );
        let sam = actor(Side::Vendor, "vendor", "sam", &[Role::ServiceAgent]);
        assert_eq!(
            sam.may(Action::WorkServiceRequests(BECKER)),
            Access::Allowed
        );
        assert_eq!(sam.may(Action::OpenServiceRequest(MUELLER)), Access::Denied);
        let vera = actor(Side::Vendor, "vendor", "vera", &[Role::AccountManager]);
        assert_eq!(
            vera.may(Action::WorkServiceRequests(MUELLER)),
            Access::Allowed
        );
        assert_eq!(
            vera.may(Action::WorkServiceRequests(BECKER)),
            Access::Hidden
        );
        assert_eq!(
            vera.may(Action::ViewServiceRequests(BECKER)),
            Access::Hidden
        );
    }

    #[test]
    fn documents_are_managed_by_vendor_staff_within_their_customers() {
        let vera = actor(Side::Vendor, "vendor", "vera", &[Role::AccountManager]);
        assert_eq!(
            vera.may(Action::ManageDocuments(Some(MUELLER))),
            Access::Allowed
        );
        assert_eq!(
            vera.may(Action::ManageDocuments(Some(BECKER))),
            Access::Hidden
        );
        assert_eq!(vera.may(Action::ManageDocuments(None)), Access::Denied);
        let admin = actor(Side::Vendor, "vendor", "admin", &[Role::VendorAdmin]);
        assert_eq!(admin.may(Action::ManageDocuments(None)), Access::Allowed);
        assert_eq!(
            admin.may(Action::ManageDocuments(Some(BECKER))),
            Access::Allowed
        );
        let sam = actor(Side::Vendor, "vendor", "sam", &[Role::ServiceAgent]);
        assert_eq!(
            sam.may(Action::ManageDocuments(Some(MUELLER))),
            Access::Denied
        );
        let carla = actor(Side::Customer, "mueller", "carla", &[Role::Admin]);
        assert_eq!(
            carla.may(Action::ManageDocuments(Some(MUELLER))),
            Access::Denied
        );
        assert_eq!(
            carla.may(Action::ManageDocuments(Some(BECKER))),
            Access::Hidden
        );
        assert_eq!(carla.may(Action::ManageDocuments(None)), Access::Denied);
    }

    #[test]
    fn account_managers_see_only_their_customers() {
        let vera = actor(Side::Vendor, "vendor", "vera", &[Role::AccountManager]);
        assert_eq!(vera.may(Action::ManageCustomer(MUELLER)), Access::Allowed);
        assert_eq!(vera.may(Action::ManageCustomer(BECKER)), Access::Hidden);
        assert_eq!(vera.may(Action::ViewCustomer(BECKER)), Access::Hidden);
        assert_eq!(vera.may(Action::ReadAudit(MUELLER)), Access::Allowed);
        assert_eq!(vera.may(Action::CreateCustomer), Access::Allowed);
        assert_eq!(vera.may(Action::ManageStaff), Access::Denied);
        // Vendor staff do not run a customer's team.
        assert_eq!(vera.may(Action::ManageTeam(MUELLER)), Access::Denied);
        let admin = actor(Side::Vendor, "vendor", "nora", &[Role::VendorAdmin]);
        assert_eq!(admin.may(Action::ManageCustomer(BECKER)), Access::Allowed);
        assert_eq!(admin.may(Action::ManageStaff), Access::Allowed);
        let sam = actor(Side::Vendor, "vendor", "sam", &[Role::ServiceAgent]);
        assert_eq!(sam.may(Action::ViewCustomer(BECKER)), Access::Allowed);
        assert_eq!(sam.may(Action::ManageCustomer(BECKER)), Access::Denied);
        assert_eq!(sam.may(Action::CreateCustomer), Access::Denied);
    }

    #[test]
    fn terms_are_read_by_the_whole_customer_and_changed_by_its_account_manager() {
        for role in Role::CUSTOMER {
            let member = actor(Side::Customer, "mueller", "x", &[role]);
            assert_eq!(member.may(Action::ViewTerms(MUELLER)), Access::Allowed);
            assert_eq!(member.may(Action::ViewTerms(BECKER)), Access::Hidden);
            assert_eq!(member.may(Action::ManageTerms(MUELLER)), Access::Denied);
            assert_eq!(member.may(Action::ManageTerms(BECKER)), Access::Hidden);
            assert_eq!(member.may(Action::ManageCatalog), Access::Denied);
        }
        let vera = actor(Side::Vendor, "vendor", "vera", &[Role::AccountManager]);
        assert_eq!(vera.may(Action::ManageTerms(MUELLER)), Access::Allowed);
        assert_eq!(vera.may(Action::ManageTerms(BECKER)), Access::Hidden);
        assert_eq!(vera.may(Action::ManageCatalog), Access::Denied);
        let sam = actor(Side::Vendor, "vendor", "sam", &[Role::ServiceAgent]);
        assert_eq!(sam.may(Action::ViewTerms(BECKER)), Access::Allowed);
        assert_eq!(sam.may(Action::ManageTerms(BECKER)), Access::Denied);
        let admin = actor(Side::Vendor, "vendor", "nora", &[Role::VendorAdmin]);
        assert_eq!(admin.may(Action::ManageTerms(BECKER)), Access::Allowed);
        assert_eq!(admin.may(Action::ManageCatalog), Access::Allowed);
    }

    #[test]
    fn quotes_are_seen_by_who_asks_approves_and_pays_and_answered_by_sales() {
        let egon = actor(Side::Customer, "mueller", "egon", &[Role::Purchaser]);
        assert_eq!(egon.may(Action::ViewQuotes(MUELLER)), Access::Allowed);
        assert_eq!(egon.may(Action::SeeAllQuotes(MUELLER)), Access::Denied);
        assert_eq!(egon.may(Action::ViewQuotes(BECKER)), Access::Hidden);
        assert_eq!(egon.may(Action::WorkQuotes(MUELLER)), Access::Denied);
        for role in [Role::Admin, Role::Approver, Role::Finance] {
            let member = actor(Side::Customer, "mueller", "x", &[role]);
            assert_eq!(member.may(Action::SeeAllQuotes(MUELLER)), Access::Allowed);
            assert_eq!(member.may(Action::SeeAllQuotes(BECKER)), Access::Hidden);
        }
        let ingo = actor(Side::Customer, "mueller", "ingo", &[Role::Viewer]);
        assert_eq!(ingo.may(Action::ViewQuotes(MUELLER)), Access::Denied);
        let vera = actor(Side::Vendor, "vendor", "vera", &[Role::AccountManager]);
        assert_eq!(vera.may(Action::WorkQuotes(MUELLER)), Access::Allowed);
        assert_eq!(vera.may(Action::SeeAllQuotes(MUELLER)), Access::Allowed);
        assert_eq!(vera.may(Action::WorkQuotes(BECKER)), Access::Hidden);
        let sam = actor(Side::Vendor, "vendor", "sam", &[Role::ServiceAgent]);
        assert_eq!(sam.may(Action::ViewQuotes(BECKER)), Access::Denied);
        let admin = actor(Side::Vendor, "vendor", "nora", &[Role::VendorAdmin]);
        assert_eq!(admin.may(Action::WorkQuotes(BECKER)), Access::Allowed);
    }

    #[test]
    fn leads_are_seen_by_sales_and_worked_by_whoever_has_them() {
        let admin = actor(Side::Vendor, "v", "admin", &[Role::VendorAdmin]);
        let vera = actor(Side::Vendor, "v", "vera", &[Role::AccountManager]);
        let sam = actor(Side::Vendor, "v", "sam", &[Role::ServiceAgent]);
        let carla = actor(Side::Customer, "m", "carla", &[Role::Admin]);
        for (who, sees) in [
            (&admin, true),
            (&vera, true),
            (&sam, false),
            (&carla, false),
        ] {
            assert_eq!(who.may(Action::ViewLeads).is_allowed(), sees);
        }
        let work = |assigned_to| Action::WorkLead { assigned_to };
        assert_eq!(vera.may(work(None)), Access::Allowed);
        assert_eq!(vera.may(work(Some("vera"))), Access::Allowed);
        assert_eq!(vera.may(work(Some("tim"))), Access::Denied);
        assert_eq!(admin.may(work(Some("tim"))), Access::Allowed);
        assert_eq!(sam.may(work(None)), Access::Denied);
        assert_eq!(carla.may(work(None)), Access::Denied);
        let assign = |assigned_to, to| Action::AssignLead { assigned_to, to };
        assert_eq!(vera.may(assign(None, "vera")), Access::Allowed);
        assert_eq!(vera.may(assign(None, "tim")), Access::Denied);
        assert_eq!(vera.may(assign(Some("tim"), "vera")), Access::Denied);
        assert_eq!(admin.may(assign(Some("tim"), "vera")), Access::Allowed);
    }

    #[test]
    fn spend_analytics_are_for_who_approves_and_pays() {
        for role in [Role::Admin, Role::Approver, Role::Finance] {
            let member = actor(Side::Customer, "mueller", "x", &[role]);
            assert_eq!(
                member.may(Action::ViewSpendAnalytics(MUELLER)),
                Access::Allowed
            );
            assert_eq!(
                member.may(Action::ViewSpendAnalytics(BECKER)),
                Access::Hidden
            );
        }
        for role in [Role::Purchaser, Role::Viewer] {
            let member = actor(Side::Customer, "mueller", "x", &[role]);
            assert_eq!(
                member.may(Action::ViewSpendAnalytics(MUELLER)),
                Access::Denied
            );
        }
        let vera = actor(Side::Vendor, "vendor", "vera", &[Role::AccountManager]);
        assert_eq!(
            vera.may(Action::ViewSpendAnalytics(MUELLER)),
            Access::Denied
        );
        assert_eq!(vera.may(Action::ViewSpendAnalytics(BECKER)), Access::Hidden);
    }

    #[test]
    fn purchasers_order_approvers_approve_and_vendor_staff_advance() {
        let egon = actor(Side::Customer, "mueller", "egon", &[Role::Purchaser]);
        assert_eq!(egon.may(Action::PlaceOrder(MUELLER)), Access::Allowed);
        assert_eq!(egon.may(Action::PlaceOrder(BECKER)), Access::Hidden);
        assert_eq!(egon.may(Action::SeeAllOrders(MUELLER)), Access::Denied);
        assert_eq!(egon.may(Action::ApproveOrders(MUELLER)), Access::Denied);
        let ingo = actor(Side::Customer, "mueller", "ingo", &[Role::Viewer]);
        assert_eq!(ingo.may(Action::PlaceOrder(MUELLER)), Access::Denied);
        assert_eq!(ingo.may(Action::SeeAllOrders(MUELLER)), Access::Allowed);
        let max = actor(Side::Customer, "mueller", "max", &[Role::Approver]);
        assert_eq!(max.may(Action::ApproveOrders(MUELLER)), Access::Allowed);
        assert_eq!(max.may(Action::ApproveOrders(BECKER)), Access::Hidden);
        assert_eq!(max.may(Action::ManageOrders(MUELLER)), Access::Denied);
        let vera = actor(Side::Vendor, "vendor", "vera", &[Role::AccountManager]);
        assert_eq!(vera.may(Action::ManageOrders(MUELLER)), Access::Allowed);
        assert_eq!(vera.may(Action::ManageOrders(BECKER)), Access::Hidden);
        assert_eq!(vera.may(Action::PlaceOrder(MUELLER)), Access::Denied);
        assert_eq!(vera.may(Action::ApproveOrders(BECKER)), Access::Hidden);
        let sam = actor(Side::Vendor, "vendor", "sam", &[Role::ServiceAgent]);
        assert_eq!(sam.may(Action::SeeAllOrders(BECKER)), Access::Allowed);
        assert_eq!(sam.may(Action::ManageOrders(BECKER)), Access::Denied);
    }
}
