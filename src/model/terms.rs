//! The words of every generated text (`terms:` in `site.yaml`): what the programme,
//! its beneficiaries and the households under monitoring are called.
//!
//! Offices wrote 光伏扶贫, 贫困户 and 贫困人口 until 2020; since 2021 the programme is
//! 光伏帮扶 under 乡村振兴, its people 脱贫户 and 脱贫人口, with 监测对象 (households
//! under 防止返贫 monitoring) among them. `terms: 2017` (the default) and
//! `terms: 2021` are those two vocabularies; a map takes a preset and overrides
//! single words. Only generated text uses them: authors' own text (articles,
//! titles, 主送/抄送, station names, the site's title and issuer) is never rewritten.

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The vocabulary a site's generated text is written in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Terms {
    /// Which preset the words start from.
    pub preset: Preset,
    /// 光伏扶贫 | 光伏帮扶: in titles, headings, chart titles and sentences, notices.
    pub programme: String,
    /// 贫困户 | 脱贫户: the households a station's income goes to (受益贫困户).
    pub beneficiary_households: String,
    /// 贫困人口 | 脱贫人口: the people of those households.
    pub beneficiary_people: String,
    /// 监测对象: households under 防止返贫 monitoring, shown where the data gives
    /// them (a station's `monitored_households`).
    pub monitored: String,
}

/// The vocabularies offices have used.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub enum Preset {
    /// 光伏扶贫 (精准扶贫, until 2020).
    #[default]
    #[serde(rename = "2017")]
    Y2017,
    /// 光伏帮扶 (乡村振兴, since 2021).
    #[serde(rename = "2021")]
    Y2021,
}

impl Preset {
    /// The preset of a year as written on a command line (`--terms 2021`).
    pub fn from_year(text: &str) -> Option<Preset> {
        text.trim().parse::<u64>().ok().and_then(Preset::of)
    }

    /// The preset of a year as written in `site.yaml`.
    fn of(year: u64) -> Option<Preset> {
        match year {
            2017 => Some(Preset::Y2017),
            2021 => Some(Preset::Y2021),
            _ => None,
        }
    }

    /// The words of this vocabulary.
    pub fn terms(self) -> Terms {
        let words = match self {
            Preset::Y2017 => ["光伏扶贫", "贫困户", "贫困人口", "监测对象"],
            Preset::Y2021 => ["光伏帮扶", "脱贫户", "脱贫人口", "监测对象"],
        };
        Terms {
            preset: self,
            programme: words[0].into(),
            beneficiary_households: words[1].into(),
            beneficiary_people: words[2].into(),
            monitored: words[3].into(),
        }
    }
}

impl Default for Terms {
    fn default() -> Self {
        Preset::default().terms()
    }
}

impl Terms {
    /// Every word with its key in `site.yaml`, for validation.
    pub fn words(&self) -> [(&'static str, &str); 4] {
        [
            ("programme", &self.programme),
            ("beneficiary_households", &self.beneficiary_households),
            ("beneficiary_people", &self.beneficiary_people),
            ("monitored", &self.monitored),
        ]
    }

    /// 受益贫困户 / 受益脱贫户: the beneficiary households as a label.
    pub fn households_label(&self) -> String {
        format!("受益{}", self.beneficiary_households)
    }

    /// 受益贫困人口 / 受益脱贫人口.
    pub fn people_label(&self) -> String {
        format!("受益{}", self.beneficiary_people)
    }

    /// 光伏扶贫电站 / 光伏帮扶电站.
    pub fn stations(&self) -> String {
        format!("{}电站", self.programme)
    }
}

/// `terms:` as written: a preset's year, or a map of a preset and overrides.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TermsMap {
    #[serde(default, deserialize_with = "preset")]
    preset: Option<Preset>,
    #[serde(default)]
    programme: Option<String>,
    #[serde(default)]
    beneficiary_households: Option<String>,
    #[serde(default)]
    beneficiary_people: Option<String>,
    #[serde(default)]
    monitored: Option<String>,
}

/// The message for a year that is no preset, in the loader's words.
const PRESETS: &str = "2017 or 2021";

struct PresetYear;

impl<'de> Visitor<'de> for PresetYear {
    type Value = Preset;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(PRESETS)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Preset, E> {
        Preset::of(v).ok_or_else(|| E::invalid_value(de::Unexpected::Unsigned(v), &PRESETS))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Preset, E> {
        u64::try_from(v)
            .ok()
            .and_then(Preset::of)
            .ok_or_else(|| E::invalid_value(de::Unexpected::Signed(v), &PRESETS))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Preset, E> {
        v.trim()
            .parse::<u64>()
            .ok()
            .and_then(Preset::of)
            .ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &PRESETS))
    }
}

fn preset<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Preset>, D::Error> {
    d.deserialize_any(PresetYear).map(Some)
}

struct TermsVisitor;

impl<'de> Visitor<'de> for TermsVisitor {
    type Value = Terms;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("2017, 2021, or a map of `preset` and words")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Terms, E> {
        PresetYear.visit_u64(v).map(Preset::terms)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Terms, E> {
        PresetYear.visit_i64(v).map(Preset::terms)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Terms, E> {
        PresetYear.visit_str(v).map(Preset::terms)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Terms, A::Error> {
        let m = TermsMap::deserialize(de::value::MapAccessDeserializer::new(map))?;
        let mut terms = m.preset.unwrap_or_default().terms();
        let words = [
            (m.programme, &mut terms.programme),
            (m.beneficiary_households, &mut terms.beneficiary_households),
            (m.beneficiary_people, &mut terms.beneficiary_people),
            (m.monitored, &mut terms.monitored),
        ];
        for (given, word) in words {
            if let Some(given) = given {
                *word = given;
            }
        }
        Ok(terms)
    }
}

impl<'de> Deserialize<'de> for Terms {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(TermsVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    struct Site {
        #[serde(default)]
        terms: Terms,
    }

    fn read(yaml: &str) -> Result<Terms, String> {
        serde_yaml::from_str::<Site>(yaml)
            .map(|s| s.terms)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn presets_and_overrides() {
        assert_eq!(read("{}").unwrap().programme, "光伏扶贫");
        let t = read("terms: 2021").unwrap();
        assert_eq!(
            (t.programme.as_str(), t.households_label(), t.people_label()),
            ("光伏帮扶", "受益脱贫户".into(), "受益脱贫人口".into())
        );
        let t = read("terms: { preset: 2021, beneficiary_people: 脱贫群众 }").unwrap();
        assert_eq!(t.preset, Preset::Y2021);
        assert_eq!(t.beneficiary_people, "脱贫群众");
        assert_eq!(t.beneficiary_households, "脱贫户");
        // Without a preset, the overrides apply to 2017's words.
        let t = read("terms:\n  programme: 光伏帮扶\n").unwrap();
        assert_eq!(
            (t.preset, t.programme.as_str()),
            (Preset::Y2017, "光伏帮扶")
        );
        assert_eq!(t.stations(), "光伏帮扶电站");
    }

    #[test]
    fn unknown_words_and_years_are_errors() {
        let e = read("terms: { preset: 2021, programe: 光伏帮扶 }").unwrap_err();
        assert!(e.contains("unknown field `programe`"), "{e}");
        assert!(e.contains("`programme`"), "lists the keys: {e}");
        let e = read("terms: 2019").unwrap_err();
        assert!(e.contains("2017 or 2021"), "{e}");
        let e = read("terms: { preset: 2020 }").unwrap_err();
        assert!(e.contains("2017 or 2021"), "{e}");
    }
}
