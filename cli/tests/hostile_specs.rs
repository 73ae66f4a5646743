//! `atspec check` and `dialect!`'s loader (`atspec_codegen::expand_in`) on
//! hostile includes (issue 9): refused with a reason, never read, never
//! blocking, never quoted; `--include-root` widens the allowed tree.
#![cfg(unix)]

use std::path::PathBuf;
use std::process::Command;

const HEADER: &str = "dialect d { vendor \"V\" family \"F\" manual \"M\" version \"1\" }\n";

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("atspec-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("tree")).expect("scratch");
    std::fs::create_dir_all(dir.join("outside")).expect("scratch");
    dir
}

fn check(args: &[&std::ffi::OsStr]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_atspec"))
        .arg("check")
        .args(args)
        .output()
        .expect("atspec runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn check_refuses_a_fifo_include_and_an_escape_unless_allowed() {
    let dir = scratch("check");
    let fifo = dir.join("tree/pipe.atspec");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo")
        .success());
    let root = dir.join("tree/root.atspec");
    std::fs::write(
        &root,
        format!("{HEADER}include \"pipe.atspec\"\ncommand X {{ exec }}\n"),
    )
    .expect("write");
    let (ok, err) = check(&[root.as_os_str()]);
    assert!(!ok);
    assert!(err.contains("not a regular file"), "{err}");

    std::fs::write(dir.join("outside/o.atspec"), "command Y { exec }\n").expect("write");
    std::fs::write(
        &root,
        format!("{HEADER}include \"../outside/o.atspec\"\ncommand X {{ exec }}\n"),
    )
    .expect("write");
    let (ok, err) = check(&[root.as_os_str()]);
    assert!(!ok);
    assert!(err.contains("outside"), "{err}");
    let (ok, err) = check(&["--include-root".as_ref(), dir.as_os_str(), root.as_os_str()]);
    assert!(ok, "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_macro_loader_refuses_fifos_devices_and_escapes() {
    let dir = scratch("macro");
    let tree = dir.join("tree");
    assert!(Command::new("mkfifo")
        .arg(tree.join("pipe.atspec"))
        .status()
        .expect("mkfifo")
        .success());
    std::os::unix::fs::symlink("/dev/zero", tree.join("zero.atspec")).expect("symlink");
    std::fs::write(
        dir.join("outside/o.atspec"),
        "root:x:0:0:root:/root:/bin/bash\n",
    )
    .expect("write");
    for (include, why) in [
        ("pipe.atspec", "not a regular file"),
        ("zero.atspec", "outside"),
        ("../outside/o.atspec", "outside"),
        ("/etc/passwd", "only `.atspec` files"),
    ] {
        std::fs::write(
            tree.join("root.atspec"),
            format!("{HEADER}include \"{include}\"\ncommand X {{ exec }}\n"),
        )
        .expect("write");
        let err = atspec_codegen::expand_in(&dir, "tree/root.atspec").unwrap_err();
        assert!(err.contains(why), "{include}: {err}");
        assert!(err.starts_with("tree/root.atspec:2:"), "{include}: {err}");
        assert!(!err.contains("root:x"), "{err}");
    }
    // The root itself: a FIFO is refused, not waited on.
    let err = atspec_codegen::expand_in(&dir, "tree/pipe.atspec").unwrap_err();
    assert!(err.contains("not a regular file"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}
