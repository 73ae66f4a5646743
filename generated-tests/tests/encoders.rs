//! Every generated request constructor of the five dialects, as property
//! tests: random valid values (from the spec's types) are built, encoded
//! and read back by the run-time interpreter, which must return each value
//! unchanged, and whose redaction must equal the generated `redacted()`;
//! one value made invalid must be refused by the constructor. The tests
//! themselves are written by `build/encoders.rs` from the generated code.

mod support {
    use std::collections::HashMap;
    use std::path::PathBuf;
    use std::sync::{Mutex, OnceLock};

    use atspec_interp::Value;
    use atspec_runtime::wire::{ValidationError, ValidationErrorKind};
    use atspec_runtime::Command;
    use proptest::test_runner::{Config, TestCaseError, TestRunner};

    pub use at_spec::ir::Literal as Lit;

    /// Cases per constructor (`PROPTEST_CASES` overrides).
    const CASES: u32 = 96;

    /// A string parameter's rules, as the spec declares them.
    pub struct Rules {
        pub min_len: usize,
        pub max_len: Option<usize>,
        pub charset: Charset,
        pub unquoted: bool,
        pub prefix: Option<&'static str>,
        pub non_ascii: bool,
    }

    /// The spec's character classes: the runtime's own.
    pub use atspec_runtime::wire::Charset;

    /// What the interpreter must read back for one parameter.
    #[derive(Debug)]
    pub enum Expect {
        Int(i64),
        Str(String),
        Lit(Lit),
        Absent,
    }

    /// A built request, encoded, with what its parameters must read back as.
    pub struct Outcome {
        built: Result<(String, String), ValidationError>,
        expected: Vec<(&'static str, Expect)>,
    }

    /// Encodes a built request for the checks.
    pub fn outcome<C: Command>(
        built: Result<C, ValidationError>,
        expected: Vec<(&'static str, Expect)>,
    ) -> Outcome {
        let built = built.map(|c| {
            let mut out = Vec::new();
            c.encode(&mut out);
            let line = String::from_utf8(out).expect("an encoded line is UTF-8");
            (line, c.redacted().to_string())
        });
        Outcome { built, expected }
    }

    /// A small deterministic generator seeded by proptest (xorshift64*).
    pub struct Gen(u64);

    impl Gen {
        fn new(seed: u64) -> Self {
            Gen(seed | 1)
        }

        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }

        /// A number below `n` (`n > 0`).
        pub fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }

        /// A coin flip.
        pub fn flag(&mut self) -> bool {
            self.next() & 1 == 1
        }

        /// A value in `min..=max`, the ends drawn often.
        pub fn int(&mut self, min: i64, max: i64) -> i64 {
            match self.below(4) {
                0 => min,
                1 => max,
                _ => {
                    let span = (i128::from(max) - i128::from(min)) as u128 + 1;
                    let off = u128::from(self.next()) % span;
                    (i128::from(min) + off as i128) as i64
                }
            }
        }

        /// A value of `rmin..=rmax` outside `min..=max` (one side has room).
        pub fn int_outside(&mut self, min: i64, max: i64, rmin: i64, rmax: i64) -> i64 {
            let below = min > rmin;
            let above = max < rmax;
            if below && (!above || self.flag()) {
                self.int(rmin, min - 1)
            } else {
                self.int(max + 1, rmax)
            }
        }

        fn pick(&mut self, from: &[char]) -> char {
            from[self.below(from.len())]
        }

        /// A valid value: right length, class, prefix; with commas,
        /// semicolons, spaces and final-result words where the class allows.
        pub fn string(&mut self, r: &Rules) -> String {
            let prefix = r.prefix.unwrap_or("");
            let min = r.min_len.max(prefix.len());
            let max = r.max_len.unwrap_or(min + 64).max(min);
            let mut len = match self.below(4) {
                0 => min,
                1 if max - min <= 8192 => max,
                _ => self.int(min as i64, max.min(min + 48) as i64) as usize,
            };
            if r.charset == Charset::Hex && (len - prefix.len()) % 2 == 1 {
                len = if len < max { len + 1 } else { len - 1 };
            }
            let mut s = String::from(prefix);
            if r.charset == Charset::Any && !r.unquoted && self.below(3) == 0 {
                for word in ["OK", ",", ";", " ", "ERROR", "+SMTPSEND: 1"] {
                    if s.len() + word.len() <= len && self.flag() {
                        s.push_str(word);
                    }
                }
            }
            let alphabet = alphabet(r);
            while s.len() < len {
                let wide = (r.charset == Charset::Any || r.non_ascii) && !r.unquoted;
                let c = if wide && self.below(6) == 0 {
                    self.pick(&['é', 'ü', 'ß', '中', '€'])
                } else {
                    self.pick(&alphabet)
                };
                if s.len() + c.len_utf8() <= len {
                    s.push(c);
                } else {
                    s.push(self.pick(&alphabet));
                }
            }
            s
        }

        /// An invalid value: one rule of `r` broken.
        pub fn bad_string(&mut self, r: &Rules) -> String {
            let mut ways: Vec<u8> = vec![0];
            if r.max_len.is_some_and(|m| m < 100_000) {
                ways.push(1);
            }
            if r.min_len > 0 {
                ways.push(2);
            }
            if r.charset != Charset::Any && !(r.charset == Charset::Ascii && r.non_ascii) {
                ways.push(3);
            }
            if r.unquoted {
                ways.push(4);
            }
            if r.prefix.is_some_and(|p| !p.is_empty()) {
                ways.push(5);
            }
            let good = self.string(r);
            let way = ways[self.below(ways.len())];
            match way {
                0 => {
                    let bad = self.pick(&[
                        '"', '\\', '\r', '\n', '\0', '\u{8}', '\u{1a}', '\u{1b}', '\u{7f}',
                        '\u{85}',
                    ]);
                    insert(good, self.next(), bad)
                }
                1 => {
                    let max = r.max_len.unwrap_or(0);
                    let mut s = good;
                    let alphabet = alphabet(r);
                    while s.len() <= max {
                        s.push(self.pick(&alphabet));
                    }
                    s
                }
                2 => good.chars().take(r.min_len - 1).collect(),
                3 => {
                    let bad = match r.charset {
                        Charset::Ascii => 'é',
                        Charset::Alnum => '-',
                        Charset::Printable => ' ',
                        _ => 'g',
                    };
                    insert(good, self.next(), bad)
                }
                4 => insert(good, self.next(), ','),
                _ => {
                    let prefix = r.prefix.unwrap_or("");
                    let first = prefix.chars().next().unwrap_or('x');
                    let other = if first == 'Z' { 'Y' } else { 'Z' };
                    format!("{other}{}", &good[first.len_utf8()..])
                }
            }
        }
    }

    /// `c` inserted into `s` at a char boundary chosen by `at`.
    fn insert(mut s: String, at: u64, c: char) -> String {
        let bounds: Vec<usize> = s.char_indices().map(|(i, _)| i).chain([s.len()]).collect();
        s.insert(bounds[(at % bounds.len() as u64) as usize], c);
        s
    }

    /// The characters a valid value of `r` is drawn from.
    fn alphabet(r: &Rules) -> Vec<char> {
        let ok = |c: char| match r.charset {
            Charset::Any | Charset::Ascii => (' '..='~').contains(&c),
            Charset::Alnum => c.is_ascii_alphanumeric(),
            Charset::Printable => ('!'..='~').contains(&c),
            Charset::Hex => c.is_ascii_hexdigit(),
        };
        (' '..='~')
            .filter(|&c| ok(c) && c != '"' && c != '\\')
            .filter(|&c| !r.unquoted || (c != ',' && c != ' ' && c != ';'))
            .collect()
    }

    /// The dialect's IR, read once per dialect.
    fn dialect(module: &str) -> &'static at_spec::ir::Dialect {
        static CACHE: OnceLock<Mutex<HashMap<String, &'static at_spec::ir::Dialect>>> =
            OnceLock::new();
        let mut cache = CACHE.get_or_init(Default::default).lock().expect("cache");
        cache.entry(module.to_owned()).or_insert_with(|| {
            let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../dialects/specs")
                .join(format!("{module}.atspec"));
            let d = at_spec::parse_file(&path).unwrap_or_else(|e| panic!("{}", e.render()));
            Box::leak(Box::new(d))
        })
    }

    /// Runs the properties for one constructor.
    pub fn run(
        module: &str,
        ty: &str,
        kind: &str,
        leaves: &[&str],
        invalid: &[usize],
        body: impl Fn(&mut Gen, Option<usize>) -> Outcome,
    ) {
        let d = dialect(module);
        let cases = std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(CASES);
        let mut runner = TestRunner::new(Config {
            cases,
            failure_persistence: None,
            ..Config::default()
        });
        let built = std::cell::Cell::new(0u32);
        let result = runner.run(&proptest::num::u64::ANY, |seed| {
            let valid = body(&mut Gen::new(seed), None);
            if round_trip(d, kind, valid)? {
                built.set(built.get() + 1);
            }
            if !invalid.is_empty() {
                let leaf = invalid[(seed % invalid.len() as u64) as usize];
                refused(
                    &body(&mut Gen::new(seed.rotate_left(17)), Some(leaf)),
                    leaves[leaf],
                )?;
            }
            Ok(())
        });
        if let Err(e) = result {
            panic!("{module} {ty}: {e}");
        }
        assert!(
            built.get() * 4 >= cases,
            "{module} {ty}: only {} of {cases} valid draws passed the cross-parameter rules: the generator is too weak to test this encoder",
            built.get()
        );
    }

    /// Checks a valid draw; `Ok(false)` when only a cross-parameter rule
    /// refused it (drawn values are valid one by one, not together).
    fn round_trip(d: &at_spec::ir::Dialect, kind: &str, o: Outcome) -> Result<bool, TestCaseError> {
        let (line, redacted) = match o.built {
            Ok(b) => b,
            Err(e) if matches!(e.kind, ValidationErrorKind::Rule { .. }) => return Ok(false),
            Err(e) => {
                return Err(TestCaseError::fail(format!(
                    "valid values refused: {e}; values {:?}",
                    o.expected
                )))
            }
        };
        let bare = line
            .strip_suffix('\r')
            .ok_or_else(|| TestCaseError::fail(format!("{line:?} does not end in CR")))?;
        let cmd = atspec_interp::parse_command(d, bare)
            .map_err(|e| TestCaseError::fail(format!("{bare:?} does not read back: {e}")))?;
        if format!("{:?}", cmd.kind()) != kind {
            return Err(TestCaseError::fail(format!(
                "{bare:?} reads back as another form"
            )));
        }
        for (name, want) in &o.expected {
            let got = cmd.get(name).unwrap_or(&Value::Absent);
            if !same(want, got) {
                return Err(TestCaseError::fail(format!(
                    "{bare:?}: `{name}` reads back as {got:?}, sent {want:?}"
                )));
            }
        }
        let theirs = atspec_interp::redact_line(d, bare);
        if theirs != redacted {
            return Err(TestCaseError::fail(format!(
                "redaction differs: generated {redacted:?}, interpreter {theirs:?}"
            )));
        }
        Ok(true)
    }

    fn same(want: &Expect, got: &Value) -> bool {
        match (want, got) {
            (Expect::Int(a), Value::Int(b)) => a == b,
            (Expect::Str(a), Value::Str(b)) => a == b,
            (Expect::Str(a), Value::Secret(b)) => a == b.expose(),
            (Expect::Lit(a), Value::Enum { value, .. }) => a == value,
            (Expect::Absent, Value::Absent) => true,
            _ => false,
        }
    }

    /// An invalid draw must be refused, naming some field.
    fn refused(o: &Outcome, leaf: &str) -> Result<(), TestCaseError> {
        match &o.built {
            Err(_) => Ok(()),
            Ok((line, _)) => Err(TestCaseError::fail(format!(
                "an invalid `{leaf}` was accepted and encoded as {line:?}; values {:?}",
                o.expected
            ))),
        }
    }
}

include!(concat!(env!("OUT_DIR"), "/encoder_props.rs"));
