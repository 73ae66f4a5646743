#!/usr/bin/env python3
"""Prints a spec of N commands, the shape of at-spec/benches/parse.rs's
`spec(n)` (enums, codes, a URC; test/read/write/exec forms with nested
optional parameters, ranges, defaults, rules, one_of responses, a data
phase and a completion). Usage: gen_spec.py N [doc-suffix]."""
import sys

HEAD = '''dialect bench { vendor "V" family "F" manual "M" version "1" timeout 5s }
enum RcptType "Kind of recipient" { 0 To "primary" 1 Cc "copy" 2 Bcc "blind copy" }
enum Charset { 0 Ascii 1 Utf8 2 Gb }
codes Result "Outcome" { 1 Success "ok" 61 NetworkError "network error" -421 Closing "closing" }
error final "+CME ERROR": Result
type Port = int 1..=65535
type Addr = string max 50 nonempty
urc Done "Outcome of a send" "+DONE": code: Result
'''

COMMAND = '''
// command {i}
command CMD{i} "Command number {i}{suffix}" {{
    test  {{ response "+CMD{i}": kinds: range, ports: range }}
    read  {{ response many "+CMD{i}": kind: RcptType, index: int, address, port }}
    write (kind: RcptType [, index: int 0..=4 [, address: Addr [, port: Port = 25 "server port"]]]) {{
        doc "Sets entry {i}"
        timeout 10s
        rule kind == Bcc => absent(port)
        rule index in {{1, 2, 3}} => present(address)
        response optional one_of {{
            Ok:   "+CMD{i}": 1, count: int, size: int then raw size
            Fail: "+CMD{i}": 0, code: Result
        }}
    }}
    write "sub" (charset: Charset, text: string max 255, len: int 1..=5120) {{
        rule charset != Ascii => hex(text)
        data prompt exact len
    }}
    exec {{ completes Done within 60s }}
}}
'''

n = int(sys.argv[1])
suffix = sys.argv[2] if len(sys.argv) > 2 else ""
sys.stdout.write(HEAD)
for i in range(n):
    # The suffix goes on the last command only: a one-line edit.
    sys.stdout.write(COMMAND.format(i=i, suffix=suffix if i == n - 1 else ""))
