//! Themes: Tera templates and static files, from `themes/NAME/`, with single templates
//! overridden by the guide's own `templates/` folder. The default theme is also built into
//! coguide, for guides that have no `themes/` folder.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tera::Tera;

use crate::diagnostics::{Diagnostic, Severity};

include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));

/// Templates every theme must have.
pub const REQUIRED: &[&str] = &[
    "home.html",
    "section.html",
    "page.html",
    "contributors.html",
    "glossary.html",
    "about.html",
    "404.html",
];

pub enum StaticFile {
    Disk(PathBuf),
    Embedded(&'static [u8]),
}

pub struct Theme {
    pub tera: Tera,
    /// Files of `static/`, by path inside it.
    pub static_files: BTreeMap<String, StaticFile>,
    /// Template name → file to name in messages.
    files: BTreeMap<String, String>,
}

impl Theme {
    pub fn file_of(&self, template: &str) -> String {
        self.files
            .get(template)
            .cloned()
            .unwrap_or_else(|| template.to_string())
    }

    /// A Tera error as an author-readable message pointing at the template line.
    pub fn explain(&self, template: &str, err: &tera::Error) -> Diagnostic {
        explain(&self.files, template, err)
    }
}

fn explain(files: &BTreeMap<String, String>, template: &str, err: &tera::Error) -> Diagnostic {
    let file_of = |name: &str| files.get(name).cloned().unwrap_or_else(|| name.to_string());
    match err.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            let name = if r.filename().is_empty() {
                template
            } else {
                r.filename()
            };
            let span = r.span();
            Diagnostic::new(
                "template",
                Severity::Error,
                &file_of(name),
                (span.start_line, span.start_col + 1),
                format!("this template has a problem: {}", r.message()),
            )
            .with_suggestion(
                "fix the template, or remove it from your templates folder to use the theme's own",
            )
        }
        tera::ErrorKind::TemplateNotFound(name)
        | tera::ErrorKind::MissingParent { parent: name, .. } => Diagnostic::new(
            "template",
            Severity::Error,
            &file_of(template),
            (1, 1),
            format!("this template uses \"{name}\", which is not in the theme"),
        )
        .with_suggestion(format!(
            "add templates/{name} to the theme, or stop using it"
        )),
        other => Diagnostic::new(
            "template",
            Severity::Error,
            &file_of(template),
            (1, 1),
            format!("this template could not be used: {other}"),
        )
        .with_suggestion("check the template against docs/templates.md"),
    }
}

fn rel(base: &Path, path: &Path) -> String {
    path.strip_prefix(base)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn read_dir_files(dir: &Path) -> Vec<PathBuf> {
    if !dir.is_dir() {
        return Vec::new();
    }
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| e.into_path())
        .collect()
}

/// Loads the guide's theme and template overrides, and checks every template parses.
pub fn load(root: &Path, theme_name: &str) -> Result<Theme, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let mut sources: BTreeMap<String, (String, String)> = BTreeMap::new(); // name → (file, text)
    let mut static_files = BTreeMap::new();
    let theme_dir = root.join("themes").join(theme_name);
    if theme_dir.is_dir() {
        let tdir = theme_dir.join("templates");
        for path in read_dir_files(&tdir) {
            let name = rel(&tdir, &path);
            let file = rel(root, &path);
            match std::fs::read_to_string(&path) {
                Ok(text) => {
                    sources.insert(name, (file, text));
                }
                Err(_) => problems.push(
                    Diagnostic::new(
                        "template",
                        Severity::Error,
                        &file,
                        (1, 1),
                        "this template could not be read as UTF-8 text",
                    )
                    .with_suggestion("save it as UTF-8"),
                ),
            }
        }
        let sdir = theme_dir.join("static");
        for path in read_dir_files(&sdir) {
            static_files.insert(rel(&sdir, &path), StaticFile::Disk(path));
        }
    } else if theme_name == "default" {
        for (path, bytes) in DEFAULT_THEME {
            if let Some(name) = path.strip_prefix("templates/") {
                let text = String::from_utf8_lossy(bytes).into_owned();
                sources.insert(
                    name.to_string(),
                    (format!("(built-in theme) templates/{name}"), text),
                );
            } else if let Some(name) = path.strip_prefix("static/") {
                static_files.insert(name.to_string(), StaticFile::Embedded(bytes));
            }
        }
    } else {
        problems.push(
            Diagnostic::new(
                "template",
                Severity::Error,
                "guide.yaml",
                (1, 1),
                format!("the theme \"{theme_name}\" is not in themes/{theme_name}/"),
            )
            .with_suggestion("check the `theme:` name in guide.yaml, or use `theme: default`"),
        );
        return Err(problems);
    }
    // The guide's own templates/ overrides single files.
    let odir = root.join("templates");
    for path in read_dir_files(&odir) {
        let name = rel(&odir, &path);
        let file = rel(root, &path);
        if let Ok(text) = std::fs::read_to_string(&path) {
            sources.insert(name, (file, text));
        }
    }
    for required in REQUIRED {
        if !sources.contains_key(*required) {
            problems.push(
                Diagnostic::new(
                    "template",
                    Severity::Error,
                    &format!("themes/{theme_name}/templates"),
                    (1, 1),
                    format!("the theme has no {required} template"),
                )
                .with_suggestion(format!("add themes/{theme_name}/templates/{required}")),
            );
        }
    }
    let files: BTreeMap<String, String> = sources
        .iter()
        .map(|(n, (f, _))| (n.clone(), f.clone()))
        .collect();
    let mut tera = Tera::default();
    tera.autoescape_on([".html", ".xml", ".htm"]);
    tera.set_escape_fn(escape_html);
    if let Err(e) =
        tera.add_raw_templates(sources.iter().map(|(n, (_, t))| (n.as_str(), t.as_str())))
    {
        problems.push(explain(&files, "", &e));
    }
    if problems.is_empty() {
        Ok(Theme {
            tera,
            static_files,
            files,
        })
    } else {
        Err(problems)
    }
}

/// What Tera's own escaping does, byte for byte, but writing each run of plain text in one
/// go: Tera's writes every byte on its own, through the output's interface, and a page's
/// titles, links and dates are escaped as it is rendered.
fn escape_html(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let bytes = input.as_bytes();
    let mut plain = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escaped: &[u8] = match b {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'"' => b"&quot;",
            b'\'' => b"&#39;",
            _ => continue,
        };
        out.write_all(&bytes[plain..i])?;
        out.write_all(escaped)?;
        plain = i + 1;
    }
    out.write_all(&bytes[plain..])
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    fn escaped(f: tera::EscapeFn, text: &str) -> Vec<u8> {
        let mut out = Vec::new();
        f(text, &mut out).unwrap();
        out
    }

    proptest! {
        /// Escaping gives what Tera's own escaping gives, for any text.
        #[test]
        fn escaping_is_teras(text in "[a-zé&<>\"'/ ]{0,40}") {
            prop_assert_eq!(escaped(super::escape_html, &text), escaped(tera::escape_html, &text));
        }
    }
}
