//! `coguide consent`: the consent register, one row per contribution, for the comms team.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::cli::{ConsentArgs, RegisterFormat};
use crate::consent::{Decision, credit_line, gate};
use crate::guide::load;
use crate::render::markdown::escape_html as escape;

#[derive(Debug, Serialize)]
pub struct Row {
    pub file: String,
    pub title: String,
    pub credit: String,
    pub status: &'static str,
    pub reason: Option<&'static str>,
    pub given: Option<String>,
    pub review: Option<String>,
    pub expires: Option<String>,
    pub withdrawn: Option<String>,
    pub recorded_by: Option<String>,
    /// Register ids of the authors, to find them in the organisation's own records.
    pub ids: String,
}

#[derive(Serialize)]
struct Register<'a> {
    date: String,
    rows: &'a [Row],
    counts: BTreeMap<&'static str, usize>,
    roles: BTreeMap<String, usize>,
}

pub fn run(args: &ConsentArgs) -> u8 {
    let root = &args.root.root;
    let today = super::today(args.date);
    let (guide, problems) = match load(root) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    let mut rows: Vec<Row> = guide
        .contributions
        .iter()
        .map(|c| {
            let decision = gate(&c.meta, today, false);
            let consent = c.meta.consent.as_ref();
            let d = |f: fn(&crate::guide::Consent) -> Option<jiff::civil::Date>| {
                consent.and_then(f).map(|d| d.to_string())
            };
            Row {
                file: c.file.clone(),
                title: c.meta.title.clone(),
                credit: credit_line(&c.meta.authors),
                status: match decision {
                    Decision::Publish => "published",
                    Decision::HoldBack(_) => "held back",
                },
                reason: match decision {
                    Decision::Publish => None,
                    Decision::HoldBack(r) => Some(r.id()),
                },
                given: consent.map(|c| c.given.to_string()),
                review: d(|c| c.review),
                expires: d(|c| c.expires),
                withdrawn: d(|c| c.withdrawn),
                recorded_by: consent.and_then(|c| c.recorded_by.clone()),
                ids: c
                    .meta
                    .authors
                    .iter()
                    .filter_map(|a| a.id.clone())
                    .collect::<Vec<_>>()
                    .join(" "),
            }
        })
        .collect();
    for u in &guide.unreadable {
        rows.push(Row {
            file: u.file.clone(),
            title: String::new(),
            credit: String::new(),
            status: "unreadable",
            reason: Some("front-matter"),
            given: None,
            review: None,
            expires: None,
            withdrawn: None,
            recorded_by: None,
            ids: String::new(),
        });
    }
    if let Some(days) = args.due {
        let limit = today
            .checked_add(jiff::Span::new().days(i64::from(days)))
            .unwrap_or(today);
        let due = |d: &Option<String>| {
            d.as_deref()
                .and_then(|d| d.parse::<jiff::civil::Date>().ok())
                .is_some_and(|d| d <= limit)
        };
        rows.retain(|r| r.withdrawn.is_none() && (due(&r.review) || due(&r.expires)));
    }
    let mut counts: BTreeMap<&'static str, usize> = BTreeMap::new();
    for r in &rows {
        *counts.entry(r.reason.unwrap_or("published")).or_default() += 1;
    }
    let mut roles: BTreeMap<String, usize> = BTreeMap::new();
    for c in &guide.contributions {
        for a in &c.meta.authors {
            *roles
                .entry(
                    a.role
                        .clone()
                        .unwrap_or_else(|| "no role given".into())
                        .to_lowercase(),
                )
                .or_default() += 1;
        }
    }
    if let Some(path) = &args.report {
        let site = std::path::absolute(root.join("site")).unwrap_or_else(|_| root.join("site"));
        let target = std::path::absolute(path).unwrap_or_else(|_| path.clone());
        if target.starts_with(&site) {
            eprintln!(
                "error: the report would be inside the published site folder ({}). Write it somewhere else, such as consent-register.html.",
                site.display()
            );
            return 1;
        }
        let html = to_html(
            &guide.config.title,
            &today.to_string(),
            &rows,
            &counts,
            &roles,
        );
        if let Err(e) = std::fs::write(path, html) {
            eprintln!(
                "error: coguide could not write {} ({}).",
                path.display(),
                crate::guide::load::plain_io(&e)
            );
            return 1;
        }
        eprintln!(
            "Wrote the consent register to {}. It is for your governance group: it is not part of the website.",
            path.display()
        );
    }
    match args.format {
        RegisterFormat::Json => {
            let reg = Register {
                date: today.to_string(),
                rows: &rows,
                counts,
                roles,
            };
            println!("{}", serde_json::to_string_pretty(&reg).unwrap_or_default());
        }
        RegisterFormat::Csv => print!("{}", to_csv(&rows)),
        RegisterFormat::Table => {
            print!("{}", to_table(&rows));
            println!();
            let c = counts
                .iter()
                .map(|(k, v)| format!("{k}: {v}"))
                .collect::<Vec<_>>()
                .join(", ");
            println!("{} contributions on {today}. {c}.", rows.len());
            let r = roles
                .iter()
                .map(|(k, v)| format!("{k}: {v}"))
                .collect::<Vec<_>>()
                .join(", ");
            println!("Authors by role: {r}.");
            if !problems.is_empty() {
                println!("Some files have problems; run `coguide check` to see them.");
            }
        }
    }
    0
}

const HEADERS: [&str; 11] = [
    "file",
    "title",
    "credit",
    "status",
    "reason",
    "given",
    "review",
    "expires",
    "withdrawn",
    "recorded_by",
    "ids",
];

fn fields(r: &Row) -> [String; 11] {
    let o = |v: &Option<String>| v.clone().unwrap_or_default();
    [
        r.file.clone(),
        r.title.clone(),
        r.credit.clone(),
        r.status.to_string(),
        r.reason.unwrap_or("").to_string(),
        o(&r.given),
        o(&r.review),
        o(&r.expires),
        o(&r.withdrawn),
        o(&r.recorded_by),
        r.ids.clone(),
    ]
}

/// RFC 4180 CSV. Cells that a spreadsheet would run as a formula are prefixed with `'`.
pub fn to_csv(rows: &[Row]) -> String {
    let cell = |s: &str| {
        let s = if s.starts_with(['=', '+', '-', '@']) {
            format!("'{s}")
        } else {
            s.to_string()
        };
        if s.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s
        }
    };
    let mut out = HEADERS.join(",") + "\r\n";
    for r in rows {
        out.push_str(
            &fields(r)
                .iter()
                .map(|f| cell(f))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push_str("\r\n");
    }
    out
}

fn to_table(rows: &[Row]) -> String {
    let cols = [0usize, 1, 2, 3, 4, 5, 6, 7];
    let clip = |s: &str, n: usize| {
        if s.chars().count() > n {
            s.chars().take(n - 1).collect::<String>() + "…"
        } else {
            s.to_string()
        }
    };
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let f = fields(r);
            cols.iter().map(|&i| clip(&f[i], 40)).collect()
        })
        .collect();
    let mut width: Vec<usize> = cols.iter().map(|&i| HEADERS[i].len()).collect();
    for row in &cells {
        for (w, c) in width.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |vals: Vec<String>| {
        vals.iter()
            .zip(&width)
            .map(|(v, w)| format!("{v:<w$}", w = w))
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_string()
            + "\n"
    };
    let mut out = line(cols.iter().map(|&i| HEADERS[i].to_uppercase()).collect());
    for row in cells {
        out.push_str(&line(row));
    }
    out
}

/// The register as one accessible web page: counts first, then every contribution.
/// Credits are shown as the authors chose; no name or register id is in it.
pub fn to_html(
    title: &str,
    date: &str,
    rows: &[Row],
    counts: &BTreeMap<&'static str, usize>,
    roles: &BTreeMap<String, usize>,
) -> String {
    let mut h = String::new();
    h.push_str("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    h.push_str(&format!(
        "<title>Consent register — {}</title>\n",
        escape(title)
    ));
    h.push_str("<style>body{font:1.1875rem/1.5 system-ui,sans-serif;color:#1b1e23;background:#fff;max-width:72rem;margin:0 auto;padding:1rem}table{border-collapse:collapse;width:100%;display:block;overflow-x:auto}th,td{border:1px solid #6b717c;padding:.4rem .6rem;text-align:left;vertical-align:top}th{background:#efede7}caption{text-align:left;font-weight:700;padding:.5rem 0}.held{font-weight:700}</style>\n</head>\n<body>\n<main>\n");
    h.push_str(&format!("<h1>Consent register: {}</h1>\n<p>As on {}. Credits are shown as each author chose; no names or register ids are in this report.</p>\n", escape(title), escape(date)));
    h.push_str("<h2>Counts</h2>\n<ul>\n");
    for (k, v) in counts {
        h.push_str(&format!("<li>{}: {v}</li>\n", escape(k)));
    }
    h.push_str("</ul>\n<h2>Authors by role</h2>\n<ul>\n");
    for (k, v) in roles {
        h.push_str(&format!("<li>{}: {v}</li>\n", escape(k)));
    }
    h.push_str("</ul>\n<h2>Every contribution</h2>\n<table>\n<caption>One row per contribution</caption>\n<thead><tr>");
    for head in [
        "File",
        "Title",
        "Credit",
        "Status",
        "Reason held back",
        "Given",
        "Review",
        "Expires",
        "Withdrawn",
        "Recorded by",
    ] {
        h.push_str(&format!("<th scope=\"col\">{head}</th>"));
    }
    h.push_str("</tr></thead>\n<tbody>\n");
    for r in rows {
        let o = |v: &Option<String>| escape(v.as_deref().unwrap_or(""));
        let class = if r.status == "published" {
            ""
        } else {
            " class=\"held\""
        };
        h.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td{class}>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            escape(&r.file), escape(&r.title), escape(&r.credit), escape(r.status), escape(r.reason.unwrap_or("")), o(&r.given), o(&r.review), o(&r.expires), o(&r.withdrawn), o(&r.recorded_by)
        ));
    }
    h.push_str("</tbody>\n</table>\n</main>\n</body>\n</html>\n");
    h
}
