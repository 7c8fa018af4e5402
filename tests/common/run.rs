//! Programs run as a user runs them: the atlas's binary, and the readers the tests check its
//! files with (pdftotext, ffmpeg ...), with what they said kept as text.
#![allow(dead_code)] // each test binary uses its own part of these helpers

use std::process::Command;

/// The atlas's binary, as `cargo test` built it.
pub fn atlas() -> Command {
    Command::new(env!("CARGO_BIN_EXE_karabakh-atlas"))
}

/// How a program ended and what it said.
pub struct Ran {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    /// The bytes written to stdout (for programs that write data there).
    pub bytes: Vec<u8>,
}

/// Runs `command` to its end; panics only when it cannot be started, naming it.
pub fn run(command: &mut Command) -> Ran {
    let out = command
        .output()
        .unwrap_or_else(|e| panic!("{:?} runs: {e}", command.get_program()));
    Ran {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        bytes: out.stdout,
    }
}

impl Ran {
    /// Asserts that the program succeeded, showing all it said when it did not.
    #[track_caller]
    pub fn ok(self) -> Ran {
        assert_eq!(self.code, Some(0), "{}{}", self.stdout, self.stderr);
        self
    }

    /// Asserts that the program ended with `code`, showing all it said when it did not.
    #[track_caller]
    pub fn ended_with(self, code: i32) -> Ran {
        assert_eq!(self.code, Some(code), "{}{}", self.stdout, self.stderr);
        self
    }
}
