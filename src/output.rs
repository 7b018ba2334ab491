//! Writing the site: everything goes into a fresh folder beside the output, which replaces
//! the old output in one step only when the whole build succeeded. A failed build leaves
//! the previous site exactly as it was.

use std::path::{Component, Path, PathBuf};

use crate::diagnostics::{Diagnostic, Severity};
use crate::guide::load::plain_io;

/// A folder being filled with the new site.
pub struct Staging {
    dir: PathBuf,
}

/// Why an output folder cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error(
        "The output folder {0} is the guide folder itself, or a folder that holds it. coguide replaces the whole output folder, so it will not use that one. Choose a folder of its own, such as site/."
    )]
    ContainsRoot(String),
    #[error(
        "The output folder {0} is inside content/. Choose a folder outside content/, such as site/."
    )]
    InsideContent(String),
    #[error("coguide could not prepare the output folder {0} ({1}). Check you can write there.")]
    Io(String, String),
}

fn absolute(p: &Path) -> PathBuf {
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    // Resolve what exists; keep the rest as written, without `.` and `..`.
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out.canonicalize().unwrap_or(out)
}

impl Staging {
    /// Makes a fresh, empty folder beside `out`, after checking `out` is safe to replace.
    pub fn new(root: &Path, out: &Path) -> Result<Staging, OutputError> {
        let root_abs = absolute(root);
        let out_abs = absolute(out);
        if root_abs.starts_with(&out_abs) {
            return Err(OutputError::ContainsRoot(out.display().to_string()));
        }
        if out_abs.starts_with(root_abs.join("content")) {
            return Err(OutputError::InsideContent(out.display().to_string()));
        }
        let parent = out_abs
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        std::fs::create_dir_all(&parent)
            .map_err(|e| OutputError::Io(parent.display().to_string(), plain_io(&e)))?;
        let name = out_abs
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "site".into());
        let dir = parent.join(format!(".{name}.new-{}", std::process::id()));
        if dir.exists() {
            let _ = std::fs::remove_dir_all(&dir);
        }
        std::fs::create_dir(&dir)
            .map_err(|e| OutputError::Io(dir.display().to_string(), plain_io(&e)))?;
        Ok(Staging { dir })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Puts the new site in place of `out` in one step, then removes the old one.
    pub fn commit(mut self, out: &Path) -> Result<(), OutputError> {
        // From here the staging folder is this function's to clean up, not Drop's.
        let staged = std::mem::take(&mut self.dir);
        let result = swap_in(&staged, out);
        // After a swap `staged` holds the old site; after a failure, the new one.
        remove_all(&staged);
        result
    }
}

/// Where rendered files go: a [`Staging`] folder for a whole build, or a [`Patch`] of
/// the live preview site for a single changed page.
pub trait Output: Sync {
    /// The folder the files go into.
    fn folder(&self) -> &Path;

    /// The path of a file of the site, refusing anything that would land outside it.
    fn path(&self, rel: &str) -> std::io::Result<PathBuf> {
        let p = Path::new(rel);
        if p.components().any(|c| !matches!(c, Component::Normal(_))) || rel.is_empty() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "a file name that would leave the site folder",
            ));
        }
        Ok(self.folder().join(p))
    }

    fn write(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        let path = self.path(rel)?;
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, bytes)
    }

    fn copy(&self, rel: &str, from: &Path) -> std::io::Result<()> {
        let path = self.path(rel)?;
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::copy(from, path).map(|_| ())
    }

    fn explain(&self, rel: &str, e: &std::io::Error) -> Diagnostic {
        Diagnostic::new(
            "output",
            Severity::Error,
            rel,
            (1, 1),
            format!(
                "coguide could not write this to the new site ({})",
                plain_io(e)
            ),
        )
        .with_suggestion("check there is space on the disk and you can write to the output folder")
    }
}

impl Output for Staging {
    fn folder(&self) -> &Path {
        &self.dir
    }
}

/// Changes to a site already in place (the private preview of `coguide serve`): each file
/// is written beside its old self and renamed over it, so a reader never sees half a page.
pub struct Patch {
    dir: PathBuf,
}

impl Patch {
    pub fn new(dir: &Path) -> Patch {
        Patch {
            dir: dir.to_path_buf(),
        }
    }
}

impl Output for Patch {
    fn folder(&self) -> &Path {
        &self.dir
    }

    fn write(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        let path = self.path(rel)?;
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let tmp = path.with_file_name(format!(".{name}.new"));
        std::fs::write(&tmp, bytes)?;
        std::fs::rename(&tmp, &path)
    }
}

/// Moves `staged` to `out`, exchanging the two folders atomically where the system
/// allows it (the old site is then left at `staged`).
fn swap_in(staged: &Path, out: &Path) -> Result<(), OutputError> {
    let fail = |e: std::io::Error| OutputError::Io(out.display().to_string(), plain_io(&e));
    if !out.exists() {
        return std::fs::rename(staged, out).map_err(fail);
    }
    let exchanged = rustix::fs::renameat_with(
        rustix::fs::CWD,
        staged,
        rustix::fs::CWD,
        out,
        rustix::fs::RenameFlags::EXCHANGE,
    );
    if exchanged.is_ok() {
        return Ok(());
    }
    // No atomic exchange here: move the old site aside, put the new one in place, and
    // put the old one back if that fails.
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let old = out.with_file_name(format!(".{name}.old-{}", std::process::id()));
    std::fs::rename(out, &old).map_err(fail)?;
    if let Err(e) = std::fs::rename(staged, out) {
        let _ = std::fs::rename(&old, out);
        return Err(fail(e));
    }
    remove_all(&old);
    Ok(())
}

/// Removes a folder and everything in it, its top-level folders side by side: a site of
/// 10,000 pages is 20,000 files and folders, and removing them one by one took longer
/// than some builds. What cannot be removed is left; it never holds the new site.
fn remove_all(dir: &Path) {
    use rayon::prelude::*;
    let entries: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(list) => list.filter_map(Result::ok).map(|e| e.path()).collect(),
        Err(_) => return,
    };
    entries.par_iter().for_each(|p| {
        // Not following links: a link is removed, never what it points to.
        let is_dir = std::fs::symlink_metadata(p).is_ok_and(|m| m.is_dir());
        let _ = if is_dir {
            std::fs::remove_dir_all(p)
        } else {
            std::fs::remove_file(p)
        };
    });
    let _ = std::fs::remove_dir_all(dir);
}

impl Drop for Staging {
    /// A build that did not commit leaves nothing behind.
    fn drop(&mut self) {
        if !self.dir.as_os_str().is_empty() {
            remove_all(&self.dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_output_that_would_delete_the_guide() {
        let t = tempfile::tempdir().unwrap();
        let root = t.path().join("guide");
        std::fs::create_dir_all(root.join("content")).unwrap();
        assert!(matches!(
            Staging::new(&root, &root),
            Err(OutputError::ContainsRoot(_))
        ));
        assert!(matches!(
            Staging::new(&root, t.path()),
            Err(OutputError::ContainsRoot(_))
        ));
        assert!(matches!(
            Staging::new(&root, &root.join("content/site")),
            Err(OutputError::InsideContent(_))
        ));
        assert!(Staging::new(&root, &root.join("site")).is_ok());
    }

    #[test]
    fn nothing_lands_outside_the_site() {
        let t = tempfile::tempdir().unwrap();
        let s = Staging::new(t.path(), &t.path().join("site")).unwrap();
        assert!(s.write("../evil.html", b"x").is_err());
        assert!(s.write("/etc/evil", b"x").is_err());
        assert!(s.write("a/b/index.html", b"x").is_ok());
        s.commit(&t.path().join("site")).unwrap();
        assert!(t.path().join("site/a/b/index.html").is_file());
        assert!(!t.path().join("evil.html").exists());
    }
}
