//! The settings of `shop.yaml` that templates print (contact details, legal lines, visitor
//! counting, the newsletter form, the community block), as views of their own: a config
//! field renamed in the code no longer changes what `site.contact.email` means to a theme.
//! Each field keeps the name templates know; a value the shop did not set is left out, so
//! Tera's `default` filter applies.

use serde::Serialize;

use super::ViewBuilder;
use crate::config::{Analytics, Community, Contact, Legal, Newsletter};

/// `site.contact`: how buyers reach the seller.
#[derive(Debug, Clone, Serialize)]
pub struct ContactView {
    /// Address for questions and email orders.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Phone number as the seller writes it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// WeChat ID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wechat: Option<String>,
    /// WhatsApp number in international form.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub whatsapp: Option<String>,
    /// Postal address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// URL of the WeChat QR code, base path included.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wechat_qr: Option<String>,
    /// Whether the shop has a `/contact/` page.
    pub page: bool,
    /// Where the contact page's form sends messages.
    pub form: ContactFormView,
}

/// `site.contact.form`.
#[derive(Debug, Clone, Serialize)]
pub struct ContactFormView {
    /// A Formspree endpoint.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub formspree: Option<String>,
    /// Netlify Forms collects the messages.
    pub netlify: bool,
}

/// `site.legal`: the footer's legal lines.
#[derive(Debug, Clone, Serialize)]
pub struct LegalView {
    /// The ICP licence number of a site hosted in mainland China.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub icp: Option<String>,
    /// Any other line: company name, registration or VAT number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notice: Option<String>,
}

/// `site.analytics`: the one visitor-counting provider chosen, the others left out.
#[derive(Debug, Clone, Serialize)]
pub struct AnalyticsView {
    /// Plausible: `domain`, `script`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plausible: Option<PlausibleView>,
    /// Umami: `website_id`, `script`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub umami: Option<UmamiView>,
    /// GoatCounter: `code`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub goatcounter: Option<GoatCounterView>,
    /// Google Analytics 4: `id`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub google: Option<GoogleAnalyticsView>,
}

/// Plausible's site and script.
#[derive(Debug, Clone, Serialize)]
pub struct PlausibleView {
    /// The site's domain as registered with the provider.
    pub domain: String,
    /// The script's address.
    pub script: String,
}

/// Umami's website and script.
#[derive(Debug, Clone, Serialize)]
pub struct UmamiView {
    /// The website ID Umami shows.
    pub website_id: String,
    /// The script's address.
    pub script: String,
}

/// GoatCounter's code.
#[derive(Debug, Clone, Serialize)]
pub struct GoatCounterView {
    /// The code in `https://CODE.goatcounter.com`.
    pub code: String,
}

/// Google Analytics' measurement ID.
#[derive(Debug, Clone, Serialize)]
pub struct GoogleAnalyticsView {
    /// `G-` and letters and digits.
    pub id: String,
}

/// `site.newsletter`: the signup form.
#[derive(Debug, Clone, Serialize)]
pub struct NewsletterView {
    /// The provider's form action URL.
    pub action: String,
    /// The name of the email field.
    pub email_field: String,
    /// Heading above the form; absent for the theme's `newsletter_title`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// A line under the heading; absent for the theme's `newsletter_text`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Hidden fields, in order.
    pub hidden: indexmap::IndexMap<String, String>,
    /// The field the provider reads a subscriber's tag from: sold-out products offer
    /// "notify me" with it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag_field: Option<String>,
}

/// `site.community`: the block inviting buyers to a group.
#[derive(Debug, Clone, Serialize)]
pub struct CommunityView {
    /// Heading.
    pub title: String,
    /// A line under it (may be empty).
    pub text: String,
    /// URL of the QR code, base path included.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub qr: Option<String>,
    /// A link to join.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The day the QR code stops working, `YYYY-MM-DD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
}

impl ViewBuilder<'_> {
    /// `site.contact`, the WeChat code's path made a URL.
    pub(super) fn contact_view(&self, contact: &Contact) -> ContactView {
        ContactView {
            email: contact.email.clone(),
            phone: contact.phone.clone(),
            wechat: contact.wechat.clone(),
            whatsapp: contact.whatsapp.clone(),
            address: contact.address.clone(),
            wechat_qr: contact.wechat_qr.as_ref().map(|qr| self.urls.file(qr)),
            page: contact.page,
            form: ContactFormView {
                formspree: contact.form.formspree.clone(),
                netlify: contact.form.netlify,
            },
        }
    }

    /// `site.community`, the QR code's path made a URL.
    pub(super) fn community_view(&self, community: &Community) -> CommunityView {
        CommunityView {
            title: community.title.clone(),
            text: community.text.clone(),
            qr: community.qr.as_ref().map(|qr| self.urls.file(qr)),
            url: community.url.clone(),
            expires: community.expires.clone(),
        }
    }
}

impl LegalView {
    /// The footer lines of `legal:`.
    pub(super) fn of(legal: &Legal) -> LegalView {
        LegalView {
            icp: legal.icp.clone(),
            notice: legal.notice.clone(),
        }
    }
}

impl AnalyticsView {
    /// The provider `analytics:` names; `None` when it names none.
    pub(super) fn of(analytics: &Analytics) -> Option<AnalyticsView> {
        let view = AnalyticsView {
            plausible: analytics.plausible.as_ref().map(|p| PlausibleView {
                domain: p.domain.clone(),
                script: p.script.clone(),
            }),
            umami: analytics.umami.as_ref().map(|u| UmamiView {
                website_id: u.website_id.clone(),
                script: u.script.clone(),
            }),
            goatcounter: analytics.goatcounter.as_ref().map(|g| GoatCounterView {
                code: g.code.clone(),
            }),
            google: analytics
                .google
                .as_ref()
                .map(|g| GoogleAnalyticsView { id: g.id.clone() }),
        };
        let any = view.plausible.is_some()
            || view.umami.is_some()
            || view.goatcounter.is_some()
            || view.google.is_some();
        any.then_some(view)
    }
}

/// A seller's wording, or `None` when it says nothing (absent or blank), so the theme's
/// own wording shows instead of an empty heading.
fn not_blank(text: &Option<String>) -> Option<String> {
    text.as_ref()
        .filter(|t| !t.trim().is_empty())
        .map(|t| t.trim().to_owned())
}

impl NewsletterView {
    /// The form of `newsletter:`.
    pub(super) fn of(newsletter: &Newsletter) -> NewsletterView {
        NewsletterView {
            action: newsletter.action.clone(),
            email_field: newsletter.email_field.clone(),
            title: not_blank(&newsletter.title),
            text: not_blank(&newsletter.text),
            hidden: newsletter.hidden.clone(),
            tag_field: newsletter.tag_field.clone(),
        }
    }
}
