#!/usr/bin/env python3
"""lint-cli.py - finds CLI test checks that could pass vacuously.

tests/run-all runs it over tests/cli/*.sh (or the files given).  It
reports each finding as FILE:LINE: message and exits 1 if there is any.

Rules (see tests/cli/lib.sh for the helpers they ask for):
  run-status  a `run` of lexsearch or lexindex must be followed by
              expect_status (or a test of $STATUS) before the next run, json_search, the end
              of the function or of the script;
  bare-call   lexsearch or lexindex called outside `run`, `checked` or
              json_search loses its exit status: wrap it in
              `checked STATUSES ...` (inside $(...) or a pipeline) or
              use run + expect_status;
  needle      the NEEDLE of expect_contains / expect_not_contains must
              not be a command substitution (put the value in a variable
              and check it with expect_nonempty first), and a needle that
              is only a variable needs an expect_nonempty of it earlier
              in the file.
A line that ends in `# lint-ok: REASON` is exempt from bare-call (for a
program killed on purpose, or one whose status the next lines test).
"""
import re
import sys
from pathlib import Path

PROG = r'(?:"?\$\{?LEX(?:SEARCH|INDEX)\}?"?|(?<![\w/.-])(?:[\w$/."{}-]*/)?lex(?:search|index)(?![\w.-]))'
RUN_RE = re.compile(r'(?:^|[;&|({]|\bthen\b|\bdo\b|\belse\b)\s*(?:\w+=(?:"[^"]*"|\S*)\s+)*run\s+(.*)')
RUN_ANY_RE = re.compile(r'(?:^|[;&|({]|\bthen\b|\bdo\b|\belse\b)\s*(?:\w+=(?:"[^"]*"|\S*)\s+)*(?:run|json_search|json_search_status)\s')
PROG_RE = re.compile(PROG)
BARE_RE = re.compile(r'(?:^|\$\(|[;&|({]|\bthen\b|\bdo\b|\belse\b|\btimeout\s+\S+|\benv\b(?:\s+\w+=\S*)*)\s*(?:\w+=(?:"[^"]*"|\S*)\s+)*"?\$\{?LEX(?:SEARCH|INDEX)\b')
CONTAINS_RE = re.compile(r'\bexpect_(?:not_)?contains\s+(.*)')


def logical_lines(text):
    """Yields (first line number, joined line) with backslash
    continuations joined and comments left in place."""
    buf, start = '', None
    for n, line in enumerate(text.split('\n'), 1):
        if start is None:
            start = n
        if line.endswith('\\') and not line.lstrip().startswith('#'):
            buf += line[:-1] + ' '
            continue
        yield start, buf + line
        buf, start = '', None


def words(s):
    """Splits shell text into words the way bash would group them,
    keeping quotes; enough for one command line."""
    out, cur, i = [], '', 0
    while i < len(s):
        c = s[i]
        if c in ' \t' and not cur:
            i += 1
            continue
        if c in ' \t':
            out.append(cur)
            cur = ''
            i += 1
            continue
        if c == '#' and not cur:
            break
        if c == '\\':
            cur += s[i:i + 2]
            i += 2
            continue
        if c == "'":
            j = s.find("'", i + 1)
            j = len(s) - 1 if j < 0 else j
            cur += s[i:j + 1]
            i = j + 1
            continue
        if s.startswith("$'", i):
            j = i + 2
            while j < len(s) and s[j] != "'":
                j += 2 if s[j] == '\\' else 1
            cur += s[i:j + 1]
            i = j + 1
            continue
        if c == '"' or s.startswith('$(', i):
            j = skip_quoted(s, i)
            cur += s[i:j]
            i = j
            continue
        if c in ';|&' and not cur:
            break
        cur += c
        i += 1
    if cur:
        out.append(cur)
    return out


def skip_quoted(s, i):
    """Returns the index just past the "..." or $(...) that starts at i."""
    if s[i] == '"':
        j = i + 1
        while j < len(s) and s[j] != '"':
            if s[j] == '\\':
                j += 2
            elif s.startswith('$(', j):
                j = skip_quoted(s, j)
            else:
                j += 1
        return j + 1
    depth, j = 1, i + 2
    while j < len(s) and depth:
        if s[j] == '"' or s[j] == "'":
            j = skip_quoted(s, j) if s[j] == '"' else s.find("'", j + 1) + 1 or len(s)
            continue
        if s.startswith('$(', j):
            depth += 1
            j += 2
            continue
        if s[j] == '(':
            depth += 1
        elif s[j] == ')':
            depth -= 1
        j += 1
    return j


def only_variable(word):
    """The variable name if WORD is nothing but one expansion."""
    m = re.fullmatch(r'"?\$\{?(\w+)\}?"?', word)
    return m.group(1) if m else None


def lint(path):
    text = Path(path).read_text()
    lines = list(logical_lines(text))
    found = []
    nonempty = set()
    pending = None  # (line, what) of a run still waiting for its status check
    for n, line in lines:
        code = line.split(' # lint-ok:')[0]
        stripped = code.strip()
        if stripped.startswith('#'):
            continue
        for m in re.finditer(r'expect_nonempty\s+"?\$\{?(\w+)', code):
            nonempty.add(m.group(1))
        # run-status
        if pending and ('expect_status' in code or re.search(r'\$\{?STATUS\b', code)):
            pending = None
        ends = stripped == '}' or stripped.startswith('finish') or RUN_ANY_RE.search(code)
        if pending and ends:
            found.append((pending[0], f'{pending[1]} is not followed by expect_status '
                          f'(before line {n}); add one, or use checked STATUSES ...'))
            pending = None
        m = RUN_RE.search(code)
        if m and PROG_RE.search(m.group(1)):
            prog = 'lexsearch' if re.search(r'search', PROG_RE.search(m.group(1)).group(0), re.I) else 'lexindex'
            pending = (n, f'run of {prog}')
            if 'expect_status' in code[m.end(1):] or re.search(r'expect_status', code.split('run', 1)[1].split(';', 1)[-1]) and ';' in code:
                pending = None
        # bare-call
        if ' # lint-ok:' not in line:
            for b in BARE_RE.finditer(code):
                before = code[:b.start()]
                seg = re.split(r'\$\(|[;|&]', before)[-1] if before else ''
                head = code[b.start():b.end()]
                if re.search(r'\b(run|checked)\b', seg + head):
                    continue
                found.append((n, 'lexsearch/lexindex called without a status check; '
                              'use `checked STATUSES "$LEXSEARCH" ...` inside $(...) or a pipeline, '
                              'or run + expect_status (or end the line with # lint-ok: REASON)'))
        # needle
        for m in CONTAINS_RE.finditer(code):
            w = words(m.group(1))
            if len(w) < 2:
                continue
            needle = w[1]
            literal = re.sub(r'\$\((?:[^()]|\([^()]*\))*\)|\$\{[^}]*\}|\$\w+|["\']', '', needle)
            if literal:
                continue  # literal text around any expansion: never empty
            if '$(' in needle or '`' in needle:
                found.append((n, f'the needle {needle[:60]} is a command substitution: put it in a '
                              'variable and check it with expect_nonempty first'))
            else:
                var = only_variable(needle)
                if var and var not in nonempty:
                    found.append((n, f'the needle ${var} could be empty: check it with '
                                  f'expect_nonempty "${var}" ... first'))
    if pending:
        found.append((pending[0], f'{pending[1]} is not followed by expect_status before the end'))
    return [(path, n, msg) for n, msg in sorted(found)]


def main(argv):
    here = Path(__file__).resolve().parent
    files = argv[1:] or sorted(str(p) for p in (here / 'cli').glob('*.sh'))
    findings = [f for p in files for f in lint(p)]
    for path, n, msg in findings:
        print(f'{path}:{n}: {msg}')
    if findings:
        print(f'lint-cli: {len(findings)} finding(s) in {len(files)} file(s); see the rules at the top of {__file__}')
        return 1
    print(f'lint-cli: {len(files)} file(s) clean')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
