//! Embeds the default theme in the binary, so a guide without a `themes/` folder still
//! builds with it.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let theme = Path::new("themes/default");
    println!("cargo:rerun-if-changed=themes/default");
    let mut files = Vec::new();
    if theme.is_dir() {
        for entry in walkdir::WalkDir::new(theme).sort_by_file_name() {
            let entry = entry.expect("the default theme can be read");
            println!("cargo:rerun-if-changed={}", entry.path().display());
            if entry.file_type().is_file() {
                let rel = entry.path().strip_prefix(theme).expect("inside the theme");
                let rel = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                let abs = std::fs::canonicalize(entry.path()).expect("the theme file exists");
                files.push((rel, abs));
            }
        }
    }
    let mut code = String::from(
        "/// The default theme's files: (path inside the theme, contents).\npub static DEFAULT_THEME: &[(&str, &[u8])] = &[\n",
    );
    for (rel, abs) in files {
        let _ = writeln!(
            code,
            "    ({rel:?}, include_bytes!({:?})),",
            abs.display().to_string()
        );
    }
    code.push_str("];\n");
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(Path::new(&out).join("default_theme.rs"), code).expect("OUT_DIR is writable");
}
