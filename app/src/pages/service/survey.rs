//! The satisfaction survey behind the resolution mail's link (no sign-in: the
//! link is the key) and the vendor's report of CSAT and NPS per customer.

use crate::api::service::{
    AnswerRelationshipSurvey, AnswerSurvey, RelationshipAnswer, SurveyResult, relationship_survey,
    satisfaction, survey,
};
use crate::components::PageTitle;
use crate::components::{FieldMessage, TextField, suspended};
use crate::i18n::use_i18n;
use crate::session::{LoadProblem, LoadRefused};
use kontor_domain::field::FormProblems;
use kontor_domain::service::SURVEY_COMMENT_MAX;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn SurveyPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let token = move || query.read().get("t").unwrap_or_default();
    let found = Resource::new(move || (id(), token()), |(id, token)| survey(id, token));
    let action = ServerAction::<AnswerSurvey>::new();
    crate::plain_form::restore_answer(action);
    // What a refused plain post kept (`crate::plain_form`).
    let kept = |name| crate::plain_form::kept(name).unwrap_or_default();
    let kept_fields = StoredValue::new((kept("score"), kept("comment"), kept("nps")));
    let problems = move || match action.value().get() {
        Some(Ok(SurveyResult::Invalid(p))) => p,
        _ => FormProblems::default(),
    };
    let field = move |name: &'static str| Signal::derive(move || problems().get(name));
    view! {
        <PageTitle text=move || i18n.s().survey_title />
        <h1>{move || i18n.s().survey_title}</h1>
        <Transition fallback=move || view! { <p class="loading">{move || i18n.t().loading}</p> }>
            {suspended(move || Suspend::new(async move {
                let s = match found.await {
                    Ok(s) => s,
                    Err(_) => return view! { <p class="field-error" data-survey="invalid">{move || i18n.s().survey_invalid}</p> }.into_any(),
                };
                // Answered just now without the script, the page says thanks (below), not "used".
                let thanked = matches!(action.value().get_untracked(), Some(Ok(SurveyResult::Thanks)));
                if s.answered && !thanked {
                    return view! { <p class="success" data-survey="used">{move || i18n.s().survey_used}</p> }.into_any();
                }
                let (kept_score, kept_comment, kept_nps) = kept_fields.get_value();
                let lead = {
                    let subject = s.subject.clone();
                    move || i18n.s().survey_lead.replace("{number}", &i18n.s().request_number(s.number)).replace("{subject}", &subject)
                };
                view! {
                    {move || match action.value().get() {
                        Some(Ok(SurveyResult::Thanks)) => Some(view! { <p class="success" role="status" data-survey="thanks">{i18n.s().survey_thanks}</p> }.into_any()),
                        Some(Ok(SurveyResult::AlreadyAnswered)) => Some(view! { <p class="success" data-survey="used">{i18n.s().survey_used}</p> }.into_any()),
                        Some(Err(_)) => Some(view! { <p class="field-error" role="alert">{i18n.s().failed}</p> }.into_any()),
                        _ => None,
                    }}
                    <section class="panel survey" class:hidden=move || matches!(action.value().get(), Some(Ok(SurveyResult::Thanks | SurveyResult::AlreadyAnswered)))>
                        <p class="lead">{lead}</p>
                        <ActionForm action>
                            <input type="hidden" name="request_id" value=id() />
                            <input type="hidden" name="token" value=token() />
                            <fieldset class="score" aria-describedby="score-error">
                                <legend>{move || i18n.s().survey_score}</legend>
                                {(1..=5).map(|n| view! {
                                    <label class="check"><input type="radio" name="score" value=n.to_string() required=true checked=kept_score == n.to_string() />" "{move || i18n.s().score_labels[n - 1]}</label>
                                }).collect_view()}
                            </fieldset>
                            <FieldMessage problem=field("score") id="score-error".to_string() />
                            <TextField name="comment" label=Signal::derive(move || i18n.s().survey_comment) problem=field("comment") max_chars=SURVEY_COMMENT_MAX multiline=true value=kept_comment />
                            {s.ask_nps.then(|| view! {
                                <label for="nps">{move || i18n.s().nps_question}</label>
                                <small class="hint">{move || i18n.s().nps_hint}</small>
                                <select id="nps" name="nps" aria-describedby="nps-error">
                                    <option value="">"—"</option>
                                    {(0..=10).map(|n| view! { <option value=n.to_string() selected=kept_nps == n.to_string()>{n}</option> }).collect_view()}
                                </select>
                                <FieldMessage problem=field("nps") id="nps-error".to_string() />
                            })}
                            <button type="submit" class="button primary" disabled=move || action.pending().get()>{move || i18n.s().survey_submit}</button>
                        </ActionForm>
                    </section>
                }.into_any()
            }))}
        </Transition>
    }
}

#[component]
pub fn SatisfactionPage() -> impl IntoView {
    let i18n = use_i18n();
    let rows = Resource::new(|| (), |_| satisfaction());
    view! {
        <PageTitle text=move || i18n.s().satisfaction_title />
        <h1>{move || i18n.s().satisfaction_title}</h1>
        <p class="lead">{move || i18n.s().satisfaction_lead}</p>
        <Transition fallback=move || view! { <p class="loading">{move || i18n.t().loading}</p> }>
            {suspended(move || Suspend::new(async move {
                let rows = match rows.await {
                    Ok(rows) => rows,
                    Err(error) => return view! { <LoadRefused problem=LoadProblem::of(&error) /> }.into_any(),
                };
                let tenths = move |t: i64| {
                    let text = format!("{}.{}", t / 10, t % 10);
                    if i18n.locale.get() == kontor_domain::Locale::De { text.replace('.', ",") } else { text }
                };
                view! {
                    <div class="table-wrap" tabindex="0"><table class="satisfaction">
                        <thead><tr>
                            <th scope="col">{move || i18n.s().col_customer}</th>
                            <th scope="col">{move || i18n.s().quarter}</th>
                            <th scope="col" class="num">{move || i18n.s().csat}</th>
                            <th scope="col" class="num">{move || i18n.s().nps}</th>
                            <th scope="col">{move || i18n.s().nps_by_role}</th>
                        </tr></thead>
                        <tbody>
                            {rows.is_empty().then(|| view! { <tr><td colspan="5">{move || i18n.s().no_answers}</td></tr> })}
                            {rows.into_iter().map(|r| view! {
                                <tr data-customer=r.customer.clone() data-quarter=r.quarter.clone()>
                                    <td data-label=move || i18n.s().col_customer>{r.customer.clone()}</td>
                                    <td data-label=move || i18n.s().quarter>{r.quarter.clone()}</td>
                                    <td class="num" data-label=move || i18n.s().csat data-csat=r.csat_tenths.map(|t| t.to_string()).unwrap_or_default()>
                                        {move || r.csat_tenths.map(tenths).unwrap_or_else(|| "—".into())}
                                        <small>" ("{r.csat_answers}" "{move || i18n.s().answers}")"</small>
                                    </td>
                                    <td class="num" data-label=move || i18n.s().nps data-nps=r.nps.map(|n| n.to_string()).unwrap_or_default()>
                                        {move || r.nps.map(|n| n.to_string()).unwrap_or_else(|| "—".into())}
                                        <small>" ("{r.nps_answers}" "{move || i18n.s().answers}")"</small>
                                    </td>
                                    <td data-label=move || i18n.s().nps_by_role>
                                        <ul class="by-role">
                                            {r.nps_by_role.clone().into_iter().map(|n| { let role = n.role.clone(); view! {
                                                <li data-role=role data-nps=n.score.map(|s| s.to_string()).unwrap_or_default()>
                                                    {move || i18n.a().role(&n.role)}": "{n.score.map(|s| s.to_string()).unwrap_or_else(|| "—".into())}
                                                    <small>" ("{n.answers}")"</small>
                                                </li>
                                            }}).collect_view()}
                                        </ul>
                                    </td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table></div>
                }.into_any()
            }))}
        </Transition>
    }
}

/// The quarterly relationship question behind its mail's link (no sign-in: the link
/// is the key). Each score is a button of its own: one click answers, also without
/// JavaScript.
#[component]
pub fn RelationshipSurveyPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let token = move || query.read().get("t").unwrap_or_default();
    let found = Resource::new(
        move || (id(), token()),
        |(id, token)| relationship_survey(id, token),
    );
    let action = ServerAction::<AnswerRelationshipSurvey>::new();
    crate::plain_form::restore_answer(action);
    let problem = Signal::derive(move || match action.value().get() {
        Some(Ok(RelationshipAnswer::Invalid(p))) => p.get("score"),
        _ => None,
    });
    let done = move || {
        matches!(
            action.value().get(),
            Some(Ok(
                RelationshipAnswer::Thanks | RelationshipAnswer::AlreadyAnswered
            ))
        )
    };
    view! {
        <PageTitle text=move || i18n.s().relationship_title />
        <h1>{move || i18n.s().relationship_title}</h1>
        <Transition fallback=move || view! { <p class="loading">{move || i18n.t().loading}</p> }>
            {suspended(move || Suspend::new(async move {
                let s = match found.await {
                    Ok(s) => s,
                    Err(_) => return view! { <p class="field-error" data-survey="invalid">{move || i18n.s().survey_invalid}</p> }.into_any(),
                };
                // Answered just now without the script, the page says thanks (below), not "used".
                let thanked = matches!(action.value().get_untracked(), Some(Ok(RelationshipAnswer::Thanks)));
                if s.answered && !thanked {
                    return view! { <p class="success" data-survey="used">{move || i18n.s().relationship_used}</p> }.into_any();
                }
                let customer = s.customer.clone();
                view! {
                    {move || match action.value().get() {
                        Some(Ok(RelationshipAnswer::Thanks)) => Some(view! { <p class="success" role="status" data-survey="thanks">{i18n.s().relationship_thanks}</p> }.into_any()),
                        Some(Ok(RelationshipAnswer::AlreadyAnswered)) => Some(view! { <p class="success" role="status" data-survey="used">{i18n.s().relationship_used}</p> }.into_any()),
                        Some(Err(_)) => Some(view! { <p class="field-error" role="alert">{i18n.s().failed}</p> }.into_any()),
                        _ => None,
                    }}
                    <section class="panel survey" class:hidden=done>
                        <p class="lead">{move || i18n.s().relationship_lead.replace("{customer}", &customer)}</p>
                        <ActionForm action>
                            <input type="hidden" name="id" value=id() />
                            <input type="hidden" name="token" value=token() />
                            <fieldset class="nps-scale" aria-describedby="score-error">
                                <legend>{move || i18n.s().nps_question}</legend>
                                {(0..=10).map(|n| view! {
                                    <button type="submit" name="score" value=n.to_string() class="button" disabled=move || action.pending().get()>{n}</button>
                                }).collect_view()}
                            </fieldset>
                            <FieldMessage problem=problem id="score-error".to_string() />
                        </ActionForm>
                    </section>
                }.into_any()
            }))}
        </Transition>
    }
}
