//! Property tests: arbitrary input never panics the front end, and every
//! diagnostic points inside the file it names.

mod support;

use proptest::prelude::*;

/// Parses `text` with no includes available.
fn parse(text: &str) -> Result<at_spec::ir::Dialect, at_spec::Diagnostics> {
    at_spec::parse_with("fuzz.atspec", text, &mut |_| {
        Err("no includes in this test".into())
    })
}

/// Every diagnostic's span, line and column lie inside its own source text.
fn check_positions(result: &Result<at_spec::ir::Dialect, at_spec::Diagnostics>) {
    let Err(diags) = result else { return };
    assert!(
        !diags.is_empty(),
        "an error carries at least one diagnostic"
    );
    for d in diags.iter() {
        let text = d.source_text();
        assert!(d.span.start <= d.span.end, "{d}: span is ordered");
        assert!(
            d.span.end <= text.len(),
            "{d}: span end {} past {}",
            d.span.end,
            text.len()
        );
        let lines: Vec<&str> = text.split('\n').collect();
        assert!(
            d.line >= 1 && d.line <= lines.len(),
            "{d}: line {} of {}",
            d.line,
            lines.len()
        );
        let line_chars = lines[d.line - 1].chars().count();
        assert!(
            d.col >= 1 && d.col <= line_chars + 1,
            "{d}: col {} of {}",
            d.col,
            line_chars
        );
        // Rendering never panics either.
        let _ = d.render();
    }
}

/// The valid construct specs, as mutation seeds.
fn seeds() -> Vec<String> {
    support::specs_in("tests/specs")
        .into_iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect()
}

/// One edit of a spec.
#[derive(Clone, Debug)]
enum Mutation {
    Insert(usize, String),
    Delete(usize, usize),
    Replace(usize, char),
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let piece = prop_oneof![
        Just("{".to_string()),
        Just("}".to_string()),
        Just("[".to_string()),
        Just("]".to_string()),
        Just("(".to_string()),
        Just(")".to_string()),
        Just("\"".to_string()),
        Just("\\".to_string()),
        Just(",".to_string()),
        Just(":".to_string()),
        Just("..=".to_string()),
        Just("=>".to_string()),
        Just("99999999999999999999".to_string()),
        Just("-".to_string()),
        Just("\n".to_string()),
        Just("é".to_string()),
        Just("/*".to_string()),
        Just(" write ".to_string()),
        Just(" int ".to_string()),
        Just(" string max ".to_string()),
        Just(" response ".to_string()),
        Just(" then raw ".to_string()),
        Just(" 0s ".to_string()),
        "[a-z_]{1,8}",
        any::<char>().prop_map(|c| c.to_string()),
    ];
    prop_oneof![
        (any::<usize>(), piece).prop_map(|(at, s)| Mutation::Insert(at, s)),
        (any::<usize>(), 1usize..40).prop_map(|(at, n)| Mutation::Delete(at, n)),
        (any::<usize>(), any::<char>()).prop_map(|(at, c)| Mutation::Replace(at, c)),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

/// The char boundary at or before `at % (len + 1)`.
fn boundary(text: &str, at: usize) -> usize {
    let mut i = at % (text.len() + 1);
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn apply(text: &mut String, m: &Mutation) {
    match m {
        Mutation::Insert(at, s) => {
            let i = boundary(text, *at);
            text.insert_str(i, s);
        }
        Mutation::Delete(at, n) => {
            let i = boundary(text, *at);
            let j = if i + n >= text.len() {
                text.len()
            } else {
                boundary(text, i + n).max(i)
            };
            text.replace_range(i..j, "");
        }
        Mutation::Replace(at, c) => {
            let i = boundary(text, *at);
            if let Some(old) = text[i..].chars().next() {
                text.replace_range(i..i + old.len_utf8(), &c.to_string());
            }
        }
        Mutation::Truncate(at) => {
            let i = boundary(text, *at);
            text.truncate(i);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let text = String::from_utf8_lossy(&bytes);
        check_positions(&parse(&text));
    }

    #[test]
    fn random_text_from_spec_tokens_never_panics(words in proptest::collection::vec(
        prop_oneof![
            Just("dialect t { vendor \"V\" family \"F\" manual \"M\" version \"1\" }"),
            Just("command"), Just("X"), Just("\"doc\""), Just("{"), Just("}"), Just("write"),
            Just("("), Just(")"), Just("["), Just("]"), Just(","), Just("a"), Just(":"), Just("int"),
            Just("0..=9"), Just("string"), Just("max"), Just("5"), Just("response"), Just("\"+X\""),
            Just("one_of"), Just("rule"), Just("=="), Just("=>"), Just("absent"), Just("data"),
            Just("prompt"), Just("exact"), Just("completes"), Just("within"), Just("s"), Just("else"),
            Just("30s"), Just("urc"), Just("enum"), Just("codes"), Just("type"), Just("="),
        ],
        0..60,
    )) {
        check_positions(&parse(&words.join(" ")));
    }

    #[test]
    fn mutated_specs_never_panic(
        seed in any::<prop::sample::Index>(),
        edits in proptest::collection::vec(mutation(), 1..6),
    ) {
        let seeds = seeds();
        let mut text = seed.get(&seeds).clone();
        for m in &edits {
            apply(&mut text, m);
        }
        check_positions(&parse(&text));
    }
}

#[test]
fn deeply_nested_groups_are_an_error_not_a_crash() {
    let mut spec = String::from("dialect t { vendor \"V\" family \"F\" manual \"M\" version \"1\" }\ncommand X \"x\" { write (a: int ");
    for _ in 0..100_000 {
        spec.push_str("[, a: int ");
    }
    let result = parse(&spec);
    check_positions(&result);
    let diags = result.expect_err("too deep");
    assert!(diags.to_string().contains("nested deeper"), "{diags}");
}

#[test]
fn unmutated_seeds_parse() {
    for s in seeds().iter().filter(|s| !s.contains("include")) {
        if let Err(d) = parse(s) {
            panic!("{}", d.render());
        }
    }
}
