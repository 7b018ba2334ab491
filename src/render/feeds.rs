//! Files for machines: `sitemap.xml`, `feed.xml` (Atom) and `robots.txt`. Built from the
//! same published pages as the site, with credits as shown; nothing held back.

use jiff::civil::Date;

use super::context::PageSummary;
use crate::consent::Published;
use crate::guide::{Config, Guide};

/// Escapes text for XML element content and attribute values.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 does not allow are dropped.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            '\u{FFFE}' | '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

fn absolute(config: &Config, url_path: &str) -> String {
    // `url_path` starts with the base path; the base URL already ends with it.
    let base_path = &config.base_path;
    let rest = url_path
        .strip_prefix(base_path.as_str())
        .unwrap_or(url_path.trim_start_matches('/'));
    format!("{}{rest}", config.base_url)
}

/// The most pages one sitemap file may list (sitemaps.org protocol).
pub const SITEMAP_MAX_URLS: usize = 50_000;

/// The sitemap files of the site: every page, with the date it last changed where known.
/// Up to `per_file` pages, one `sitemap.xml`; beyond that (a very large guide), files of
/// `per_file` pages each (`sitemap-1.xml`, `sitemap-2.xml`, ...) and a `sitemap.xml`
/// that is the index of them, as the protocol asks.
pub fn sitemaps(
    config: &Config,
    pages: &[(String, Option<Date>)],
    per_file: usize,
) -> Vec<(String, String)> {
    if pages.len() <= per_file {
        return vec![("sitemap.xml".to_string(), urlset(config, pages))];
    }
    let mut files: Vec<(String, String)> = pages
        .chunks(per_file)
        .enumerate()
        .map(|(k, chunk)| (format!("sitemap-{}.xml", k + 1), urlset(config, chunk)))
        .collect();
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (name, _) in &files {
        index.push_str("  <sitemap><loc>");
        index.push_str(&xml_escape(&format!("{}{name}", config.base_url)));
        index.push_str("</loc></sitemap>\n");
    }
    index.push_str("</sitemapindex>\n");
    files.push(("sitemap.xml".to_string(), index));
    files
}

/// One sitemap file listing `pages`.
fn urlset(config: &Config, pages: &[(String, Option<Date>)]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (url, lastmod) in pages {
        out.push_str("  <url><loc>");
        out.push_str(&xml_escape(&absolute(config, url)));
        out.push_str("</loc>");
        if let Some(d) = lastmod {
            out.push_str(&format!("<lastmod>{d}</lastmod>"));
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

/// An Atom feed of the newest published contributions (guide.yaml `feed_entries`), newest
/// first. Entries without a date take the build date, so the feed is the same for the
/// same `--date`.
pub fn atom(
    guide: &Guide,
    published: &[Published],
    summaries: &[PageSummary],
    today: Date,
) -> String {
    let when = |p: &Published| {
        p.contribution
            .meta
            .updated
            .or(p.contribution.meta.date)
            .unwrap_or(today)
    };
    let mut order: Vec<usize> = (0..published.len()).collect();
    order.sort_by(|&a, &b| {
        when(&published[b])
            .cmp(&when(&published[a]))
            .then_with(|| summaries[a].url.cmp(&summaries[b].url))
    });
    let newest = order.first().map_or(today, |&i| when(&published[i]));
    let c = &guide.config;
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"",
    );
    out.push_str(&format!(" xml:lang=\"{}\">\n", xml_escape(&c.language)));
    out.push_str(&format!("  <title>{}</title>\n", xml_escape(&c.title)));
    if !c.description.is_empty() {
        out.push_str(&format!(
            "  <subtitle>{}</subtitle>\n",
            xml_escape(&c.description)
        ));
    }
    out.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        xml_escape(&c.base_url)
    ));
    out.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}feed.xml\"/>\n",
        xml_escape(&c.base_url)
    ));
    out.push_str(&format!("  <id>{}</id>\n", xml_escape(&c.base_url)));
    out.push_str(&format!("  <updated>{newest}T00:00:00Z</updated>\n"));
    out.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        xml_escape(&c.title)
    ));
    out.push_str(&format!(
        "  <generator version=\"{}\">coguide</generator>\n",
        env!("CARGO_PKG_VERSION")
    ));
    let entries = c.feed_entries.unwrap_or(order.len());
    for i in order.into_iter().take(entries) {
        let p = &published[i];
        let s = &summaries[i];
        let url = xml_escape(&absolute(&guide.config, &s.url));
        out.push_str("  <entry>\n");
        out.push_str(&format!("    <title>{}</title>\n", xml_escape(&s.title)));
        out.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{url}\"/>\n"
        ));
        out.push_str(&format!("    <id>{url}</id>\n"));
        if let Some(d) = p.contribution.meta.date {
            out.push_str(&format!("    <published>{d}T00:00:00Z</published>\n"));
        }
        out.push_str(&format!("    <updated>{}T00:00:00Z</updated>\n", when(p)));
        for a in &p.contribution.meta.authors {
            out.push_str(&format!(
                "    <author><name>{}</name></author>\n",
                xml_escape(&crate::consent::credit_shown(a))
            ));
        }
        out.push_str(&format!(
            "    <summary>{}</summary>\n",
            xml_escape(&s.summary)
        ));
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

pub fn robots(guide: &Guide) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n",
        guide.config.base_url
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escape_handles_markup_and_control_characters() {
        assert_eq!(xml_escape("a<b>&\"c'\u{1}"), "a&lt;b&gt;&amp;&quot;c&apos;");
    }

    const PROTOCOL: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

    fn locs(xml: &str, tag: &str) -> Vec<String> {
        let doc = roxmltree::Document::parse(xml).expect("well-formed XML");
        assert_eq!(doc.root_element().tag_name().namespace(), Some(PROTOCOL));
        doc.descendants()
            .filter(|n| n.has_tag_name((PROTOCOL, tag)))
            .flat_map(|n| n.children().filter(|c| c.has_tag_name((PROTOCOL, "loc"))))
            .filter_map(|l| l.text().map(str::to_string))
            .collect()
    }

    #[test]
    fn a_sitemap_past_the_protocols_limit_is_split_under_an_index() {
        let config = Config {
            base_url: "https://example.org/guide/".into(),
            base_path: "/guide/".into(),
            ..Config::default()
        };
        let pages: Vec<(String, Option<Date>)> =
            (0..5).map(|i| (format!("/guide/p{i}/"), None)).collect();
        let one = sitemaps(&config, &pages, 5);
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].0, "sitemap.xml");
        assert_eq!(locs(&one[0].1, "url").len(), 5);

        let split = sitemaps(&config, &pages, 2);
        let names: Vec<&str> = split.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "sitemap-1.xml",
                "sitemap-2.xml",
                "sitemap-3.xml",
                "sitemap.xml"
            ]
        );
        let index = locs(&split[3].1, "sitemap");
        assert_eq!(
            index,
            [1, 2, 3].map(|k| format!("https://example.org/guide/sitemap-{k}.xml"))
        );
        // Every page once, in order, across the parts.
        let all: Vec<String> = split[..3]
            .iter()
            .flat_map(|(_, x)| locs(x, "url"))
            .collect();
        let expected: Vec<String> = (0..5)
            .map(|i| format!("https://example.org/guide/p{i}/"))
            .collect();
        assert_eq!(all, expected);
    }
}
