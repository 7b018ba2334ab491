//! Files for machines: `sitemap.xml`, `feed.xml` (Atom) and `robots.txt`. Built from the
//! same published pages as the site, with credits as shown; nothing held back.

use jiff::civil::Date;

use super::context::PageSummary;
use crate::consent::Published;
use crate::guide::Guide;

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

fn absolute(guide: &Guide, url_path: &str) -> String {
    // `url_path` starts with the base path; the base URL already ends with it.
    let base_path = &guide.config.base_path;
    let rest = url_path
        .strip_prefix(base_path.as_str())
        .unwrap_or(url_path.trim_start_matches('/'));
    format!("{}{rest}", guide.config.base_url)
}

/// Every page of the site, with the date it last changed where known.
pub fn sitemap(guide: &Guide, pages: &[(String, Option<Date>)]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (url, lastmod) in pages {
        out.push_str("  <url><loc>");
        out.push_str(&xml_escape(&absolute(guide, url)));
        out.push_str("</loc>");
        if let Some(d) = lastmod {
            out.push_str(&format!("<lastmod>{d}</lastmod>"));
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

/// An Atom feed of the published contributions, newest first. Entries without a date
/// take the build date, so the feed is the same for the same `--date`.
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
    for i in order {
        let p = &published[i];
        let s = &summaries[i];
        let url = xml_escape(&absolute(guide, &s.url));
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
}
