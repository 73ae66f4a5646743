//! Lookups by name for the validation pass, built once per dialect so that
//! every check costs constant time per reference (the IR's own lookups scan
//! their lists, which would make a spec with many items quadratic).

use std::collections::{HashMap, HashSet};

use crate::ir::{CodeTable, Command, Dialect, EnumDef, Literal, Urc};

/// The dialect's enums, code tables, URCs and commands by name (the first
/// of a duplicated name wins, as in the IR's lookups).
pub(super) struct Index<'a> {
    enums: HashMap<&'a str, EnumFacts<'a>>,
    code_tables: HashMap<&'a str, CodeFacts<'a>>,
    urcs: HashMap<&'a str, &'a Urc>,
    commands: HashMap<&'a str, &'a Command>,
}

/// What the checks ask of an enum.
pub(super) struct EnumFacts<'a> {
    values: HashSet<&'a Literal>,
    names: HashSet<&'a str>,
    /// Whether every value is an integer.
    all_int: bool,
    /// Lowest and highest integer value, when every value is one.
    int_bounds: Option<(i64, i64)>,
}

/// What the checks ask of a code table.
pub(super) struct CodeFacts<'a> {
    names: HashSet<&'a str>,
}

impl<'a> Index<'a> {
    /// Indexes `d` (linear in its size).
    pub(super) fn new(d: &'a Dialect) -> Self {
        let mut enums = HashMap::new();
        for e in &d.enums {
            enums
                .entry(e.name.as_str())
                .or_insert_with(|| EnumFacts::new(e));
        }
        let mut code_tables = HashMap::new();
        for t in &d.code_tables {
            code_tables
                .entry(t.name.as_str())
                .or_insert_with(|| CodeFacts::new(t));
        }
        let mut urcs = HashMap::new();
        for u in &d.urcs {
            urcs.entry(u.name.as_str()).or_insert(u);
        }
        let mut commands = HashMap::new();
        for c in &d.commands {
            commands.entry(c.name.as_str()).or_insert(c);
        }
        Index {
            enums,
            code_tables,
            urcs,
            commands,
        }
    }

    /// The enum named `name`.
    pub(super) fn enum_facts(&self, name: &str) -> Option<&EnumFacts<'a>> {
        self.enums.get(name)
    }

    /// The code table named `name`.
    pub(super) fn code_table(&self, name: &str) -> Option<&CodeFacts<'a>> {
        self.code_tables.get(name)
    }

    /// The URC named `name`.
    pub(super) fn urc(&self, name: &str) -> Option<&'a Urc> {
        self.urcs.get(name).copied()
    }

    /// The command named `name`.
    pub(super) fn command(&self, name: &str) -> Option<&'a Command> {
        self.commands.get(name).copied()
    }
}

impl<'a> EnumFacts<'a> {
    fn new(e: &'a EnumDef) -> Self {
        let values: HashSet<&Literal> = e.variants.iter().map(|v| &v.value).collect();
        let ints: Option<Vec<i64>> = e
            .variants
            .iter()
            .map(|v| match v.value {
                Literal::Int(i) => Some(i),
                Literal::Str(_) => None,
            })
            .collect();
        let all_int = ints.is_some();
        let int_bounds = ints.and_then(|ints| {
            let lo = ints.iter().min()?;
            let hi = ints.iter().max()?;
            Some((*lo, *hi))
        });
        EnumFacts {
            values,
            names: e.variants.iter().map(|v| v.name.as_str()).collect(),
            all_int,
            int_bounds,
        }
    }

    /// Whether some variant has the value `v`.
    pub(super) fn has_value(&self, v: &Literal) -> bool {
        self.values.contains(v)
    }

    /// Whether some variant is named `name`.
    pub(super) fn has_name(&self, name: &str) -> bool {
        self.names.contains(name)
    }

    /// Whether every value is an integer.
    pub(super) fn is_int(&self) -> bool {
        self.all_int
    }

    /// Whether every value is an integer within `lo..=hi`.
    pub(super) fn ints_within(&self, lo: i64, hi: i64) -> bool {
        self.all_int && self.int_bounds.is_none_or(|(a, b)| lo <= a && b <= hi)
    }
}

impl<'a> CodeFacts<'a> {
    fn new(t: &'a CodeTable) -> Self {
        CodeFacts {
            names: t.codes.iter().map(|c| c.name.as_str()).collect(),
        }
    }

    /// Whether some code is named `name`.
    pub(super) fn has_name(&self, name: &str) -> bool {
        self.names.contains(name)
    }
}
