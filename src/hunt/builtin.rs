//! breachscope's own Sigma rules for the ransomware playbook (`rules/`),
//! built into the binary so that `hunt` works without a rules folder.

use breachscope_sigma::{RuleProblem, Ruleset};

/// The rule files, by name.
const RULES: &[(&str, &str)] = &[
    ("ad_discovery.yml", include_str!("../../rules/ad_discovery.yml")),
    (
        "archive_with_password.yml",
        include_str!("../../rules/archive_with_password.yml"),
    ),
    (
        "cobalt_strike_pipes.yml",
        include_str!("../../rules/cobalt_strike_pipes.yml"),
    ),
    (
        "cobalt_strike_service.yml",
        include_str!("../../rules/cobalt_strike_service.yml"),
    ),
    ("lsass_access.yml", include_str!("../../rules/lsass_access.yml")),
    ("lsass_dump.yml", include_str!("../../rules/lsass_dump.yml")),
    ("mass_encryption.yml", include_str!("../../rules/mass_encryption.yml")),
    ("ntdsutil_ifm.yml", include_str!("../../rules/ntdsutil_ifm.yml")),
    (
        "office_spawns_script_host.yml",
        include_str!("../../rules/office_spawns_script_host.yml"),
    ),
    ("psexec_lateral.yml", include_str!("../../rules/psexec_lateral.yml")),
    ("ransom_note.yml", include_str!("../../rules/ransom_note.yml")),
    ("rclone_config.yml", include_str!("../../rules/rclone_config.yml")),
    ("rclone_exfil.yml", include_str!("../../rules/rclone_exfil.yml")),
    ("rdp_logon.yml", include_str!("../../rules/rdp_logon.yml")),
    (
        "shadow_copy_deletion.yml",
        include_str!("../../rules/shadow_copy_deletion.yml"),
    ),
    ("wmi_remote_exec.yml", include_str!("../../rules/wmi_remote_exec.yml")),
];

/// The built-in rules, compiled.
pub fn ruleset() -> (Ruleset, Vec<RuleProblem>) {
    let text = RULES.iter().map(|(_, yaml)| *yaml).collect::<Vec<_>>().join("\n---\n");
    Ruleset::from_text(&text, "breachscope rules/")
}

#[cfg(test)]
mod tests {
    use super::*;
    use breachscope_events::Event;

    const CASES: &str = include_str!("../../rules/tests/cases.json");

    fn event(json: &serde_json::Value) -> Event {
        breachscope_events::from_json(json, "rules/tests/cases.json").expect("a test event")
    }

    #[test]
    fn every_rule_loads_and_has_a_positive_and_a_negative_case() {
        let (set, problems) = ruleset();
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(set.len(), RULES.len());
        assert_eq!(
            set.correlations().len(),
            1,
            "the mass-encryption correlation refers to its base rule"
        );
        let cases: serde_json::Value = serde_json::from_str(CASES).unwrap();
        for (file, yaml) in RULES {
            let (one, _) = Ruleset::from_text(yaml, file);
            let rule = &one.rules()[0];
            assert!(
                rule.tags.iter().any(|t| t.starts_with("attack.t")),
                "{file} has no ATT&CK technique tag"
            );
            let case = cases.get(*file).unwrap_or_else(|| panic!("{file} has no test case"));
            for positive in case["positive"].as_array().unwrap() {
                assert_eq!(
                    one.matching(&event(positive)).len(),
                    1,
                    "{file} misses its positive case"
                );
            }
            for negative in case["negative"].as_array().unwrap() {
                assert!(
                    one.matching(&event(negative)).is_empty(),
                    "{file} fires on its negative case"
                );
            }
        }
    }
}
