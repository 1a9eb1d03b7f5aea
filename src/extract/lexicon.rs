//! What the extractor knows in advance: the compiled index's lookups of every person's name, alias and surname
//! and of every office title ([`Lookups`]), the finder of the title phrases that stand around a name ("Former
//! U.S. President", "Turkey’s Foreign Minister", "then-Secretary of State"), and the jurisdictions' forms.

use std::collections::HashMap;

use super::titles::TitleFinder;

use crate::reference::index::{Compiled, Lookups, NameEntry, NameMatch};
use crate::reference::{JurisdictionId, OfficeId, PersonId, ReferenceData};

#[derive(Clone)]
pub struct Lexicon {
    pub lookups: Lookups,
    /// The title phrases before and around a name.
    pub titles: TitleFinder,
    /// Every form of a jurisdiction's name → its id.
    pub jurisdiction_forms: HashMap<String, JurisdictionId>,
    /// Each office's jurisdiction, by office id.
    pub office_jurisdiction: Vec<JurisdictionId>,
}

impl Lexicon {
    /// The lexicon of reference data loaded from YAML (its compiled index built in memory).
    pub fn new(reference: &ReferenceData) -> Lexicon {
        Lexicon::of(&Compiled::build(reference))
    }

    /// The lexicon of compiled reference data.
    pub fn of(compiled: &Compiled) -> Lexicon {
        let reference = &compiled.data;
        let mut jurisdiction_forms = HashMap::new();
        for (id, j) in reference.jurisdictions.iter().enumerate() {
            for form in &j.forms {
                jurisdiction_forms.insert(form.clone(), id);
            }
        }
        let titles = TitleFinder::new(compiled.lookups.clone(), jurisdiction_forms.keys());
        Lexicon {
            lookups: compiled.lookups.clone(),
            titles,
            jurisdiction_forms,
            office_jurisdiction: reference.offices.iter().map(|o| o.jurisdiction).collect(),
        }
    }

    /// The names of known people in `text` (see [`Lookups::names_in`]).
    pub fn names_in(&self, text: &str) -> Vec<NameMatch> {
        self.lookups.names_in(text)
    }

    /// Whether `text` is, whole, a name, alias or surname form of a known person.
    pub fn is_name(&self, text: &str) -> bool {
        self.lookups.is_name(text)
    }

    /// Who a name found by [`Lexicon::names_in`] can mean.
    pub fn entry(&self, entry: usize) -> NameEntry {
        self.lookups.entry(entry)
    }

    /// The offices a title can name (lower-cased).
    pub fn offices_of_title(&self, title: &str) -> Vec<OfficeId> {
        self.lookups.offices_of_title(title)
    }

    /// The people of a first name, with their surnames: "Donald" → Donald Trump.
    pub fn people_of_first_name(&self, first: &str) -> Vec<(PersonId, &str)> {
        self.lookups.people_of_first_name(first)
    }
}
