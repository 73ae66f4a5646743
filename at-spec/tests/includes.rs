//! Includes from untrusted specs (issue 9): only regular `.atspec` files,
//! under a size cap, inside the root spec's tree unless the caller allows
//! more; devices and FIFOs are never read or waited on, and a file that is
//! not a spec is never quoted.
#![cfg(unix)]

use std::path::{Path, PathBuf};

use at_spec::{parse_file, parse_file_with, read_spec_file, LoadOptions};

const HEADER: &str = "dialect d { vendor \"V\" family \"F\" manual \"M\" version \"1\" }\n";

/// A fresh folder under the system temp dir: `tree/` (holding the root spec)
/// and `outside/`.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Self {
        let dir =
            std::env::temp_dir().join(format!("atspec-includes-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("tree/sub")).expect("scratch dir");
        std::fs::create_dir_all(dir.join("outside")).expect("scratch dir");
        Scratch(dir)
    }

    fn write(&self, rel: &str, text: &str) -> PathBuf {
        let p = self.0.join(rel);
        std::fs::write(&p, text).expect("write");
        p
    }

    /// `tree/root.atspec` including `include`.
    fn root(&self, include: &str) -> PathBuf {
        self.write(
            "tree/root.atspec",
            &format!("{HEADER}include \"{include}\"\ncommand X {{ exec }}\n"),
        )
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The rendered diagnostics of a spec that must be rejected.
fn rejected(path: &Path, options: &LoadOptions) -> String {
    match parse_file_with(path, options) {
        Ok(_) => panic!("{} should be rejected", path.display()),
        Err(d) => d.render(),
    }
}

const PASSWD_LIKE: &str = "root:x:0:0:root:/root:/bin/bash\n";

#[test]
fn includes_inside_the_tree_work_and_dot_dot_escapes_do_not() {
    let s = Scratch::new("escape");
    s.write("tree/sub/ok.atspec", "command Y { exec }\n");
    assert!(parse_file(&s.root("sub/ok.atspec")).is_ok());
    s.write("outside/secret.atspec", PASSWD_LIKE);
    let text = rejected(&s.root("../outside/secret.atspec"), &LoadOptions::default());
    assert!(text.contains("outside"), "{text}");
    assert!(!text.contains("root:x"), "never quotes the file: {text}");
    // The caller may allow a wider tree.
    s.write("outside/fine.atspec", "command Z { exec }\n");
    let wide = LoadOptions {
        include_root: Some(s.0.clone()),
        ..LoadOptions::default()
    };
    assert!(parse_file_with(&s.root("../outside/fine.atspec"), &wide).is_ok());
}

#[test]
fn absolute_paths_and_files_that_are_not_specs_are_refused_unread() {
    let s = Scratch::new("absolute");
    let etc = s.write("outside/passwd", PASSWD_LIKE);
    let text = rejected(&s.root(&etc.to_string_lossy()), &LoadOptions::default());
    assert!(text.contains("only `.atspec` files"), "{text}");
    assert!(!text.contains("root:x"), "{text}");
    // Even where the caller allows everything, a non-spec file is not read.
    let all = LoadOptions {
        include_root: Some(PathBuf::from("/")),
        ..LoadOptions::default()
    };
    let text = rejected(&s.root("/etc/passwd"), &all);
    assert!(!text.contains("root:"), "{text}");
    // A symlink named like a spec, pointing at one that is not, neither.
    std::os::unix::fs::symlink(&etc, s.0.join("tree/link.atspec")).expect("symlink");
    let text = rejected(&s.root("link.atspec"), &all);
    assert!(text.contains("not an `.atspec` file"), "{text}");
    assert!(!text.contains("root:x"), "{text}");
}

#[test]
fn devices_and_fifos_are_refused_without_reading_or_blocking() {
    let s = Scratch::new("devices");
    let all = LoadOptions {
        include_root: Some(PathBuf::from("/")),
        ..LoadOptions::default()
    };
    for dev in ["/dev/zero", "/dev/urandom"] {
        std::os::unix::fs::symlink(dev, s.0.join("tree/dev.atspec")).expect("symlink");
        let text = rejected(&s.root("dev.atspec"), &all);
        let refused = text.contains("not a regular file") || text.contains("not an `.atspec` file");
        assert!(refused, "{dev}: {text}");
        std::fs::remove_file(s.0.join("tree/dev.atspec")).expect("rm");
        let err = read_spec_file(Path::new(dev), 1 << 20).unwrap_err();
        assert!(err.contains("not a regular file"), "{err}");
    }
    let fifo = s.0.join("tree/pipe.atspec");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    // Nobody writes to the FIFO: reading it would block forever.
    let text = rejected(&s.root("pipe.atspec"), &LoadOptions::default());
    assert!(text.contains("not a regular file"), "{text}");
    let text = rejected(&fifo, &LoadOptions::default());
    assert!(text.contains("not a regular file"), "{text}");
    let folder = rejected(&s.root("sub"), &LoadOptions::default());
    assert!(folder.contains("only `.atspec` files"), "{folder}");
}

#[test]
fn files_over_the_size_cap_are_refused() {
    let s = Scratch::new("size");
    s.write("tree/big.atspec", &"// padding\n".repeat(1_000));
    let small = LoadOptions {
        max_file_bytes: 5_000,
        ..LoadOptions::default()
    };
    let text = rejected(&s.root("big.atspec"), &small);
    assert!(text.contains("5000-byte limit"), "{text}");
    assert!(parse_file(&s.root("big.atspec")).is_ok());
    let root = s.write("tree/huge.atspec", &"// x\n".repeat(2_000));
    let text = rejected(&root, &small);
    assert!(text.contains("5000-byte limit"), "{text}");
}
