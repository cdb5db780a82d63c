#!/usr/bin/env python3
# clang-format, keeping the GNOME habits that clang-format 14 cannot express.
#
# Run it wherever clang-format would run (an editor's formatter, or
# "git clang-format --binary build-aux/clang-format.py"): it takes
# clang-format's arguments (files or standard input, -i, --lines=N:M,
# --style, --assume-filename) and runs clang-format ($CLANG_FORMAT, by
# default the one on the PATH) with the repository's .clang-format. Before
# formatting it hides from clang-format what clang-format would get wrong,
# behind text it leaves alone, and afterwards puts back the text as written
# (or, on the lines being formatted, as this program lays it out):
#
#   _("…"), N_("…"), C_("…", "…"), g_autoptr(GError), g_auto(GStrv): no
#     space before the parenthesis (clang-format would write "_ (", and its
#     WhitespaceSensitiveMacros misalign the lines after one). Hidden as
#     "!(": a parenthesis with no space before it. A space written there
#     is taken out.
#   Parameters one a line, and struct members: the names aligned, the
#     stars in a column of their own before them, right-aligned, one space
#     after the widest type (clang-format hangs the stars into that space):
#         measure (GtkWidget      *widget,
#                  GtkOrientation  orientation,
#     A struct's members line up in the column most of them already are in
#     (a type too wide for it gets one space), across blank lines and
#     comments.
#   Local and file-scope variables: not aligned (clang-format would align
#     consecutive declarations, as it does parameters). The names are
#     hidden behind literals.
#   Function prototypes at file scope, typedefs of function types and macro
#     calls over several lines there (G_DEFINE_TYPE_WITH_CODE (…)): as
#     written. GNOME's tables of prototypes, return types, names, "(" and
#     parameters in columns, are beyond clang-format, and it would put such
#     a macro call's arguments on one line. Marked clang-format off.
#   Comments after code, #define values, an enum's "= value": the blanks
#     before them as written (hand-aligned columns clang-format would move).
#   #if and #elif conditions: as written ("#if GTK_CHECK_VERSION (4, 10, 0)").
#   "enum {" of PROP_0, …: clang-format cannot tell it from a typedef's
#     "typedef enum\n{" and would break the line (both are accepted).
#   { 0, } and bin-packed lists ending in a comma: clang-format would put
#     every element on a line of its own. The comma is hidden.
#   A braced list on one line inside another ({ VISITS, { 3, 1, FALSE },
#     "…" }), a struct declared on one line (const struct { … } cases[]),
#     string literals and macros side by side on a line ("…" CHILD_A "…"),
#     and what follows an argument over several lines on its last line
#     ("NULL), ==, 0);"): clang-format would join the lines around them,
#     or break before each following argument. Hidden as one word each.
#   G_DEFINE_QUARK (cpis-hub-store-error-quark, …): no subtraction.
#
# The program checks that clang-format changed nothing but whitespace (and
# line continuations, which it adds in macros), and fails otherwise.
# Arguments that do not ask for formatted source (--dump-config, --dry-run,
# --output-replacements-xml, --help, --version) go straight to clang-format.
import bisect
import os
import re
import subprocess
import sys

CLANG_FORMAT = os.environ.get('CLANG_FORMAT', 'clang-format')

NO_SPACE_BEFORE_PAREN = {'_', 'N_', 'C_', 'NC_', 'Q_',
                         'g_autoptr', 'g_auto', 'g_autolist', 'g_autoslist'}
BEFORE_INITIALIZER = {'=', '{', ',', '(', ')', 'return'}
KEYWORDS = set('''auto break case char const continue default do double else enum
extern float for goto if inline int long register restrict return short signed
sizeof static struct switch typedef union unsigned void volatile while'''.split())
# words that start a statement that is no declaration
STATEMENT_KEYWORDS = set('''break case continue default do else for goto if return sizeof
switch while typedef'''.split())

TOKEN = re.compile(r'''
    (?P<ws>[ \t\f\v]+|\\?\r?\n)
  | (?P<comment>//(?:[^\n\\]|\\.)*|/\*.*?\*/)
  | (?P<string>(?:u8|[uUL])?"(?:[^"\\\n]|\\.)*"|(?:u8|[uUL])?'(?:[^'\\\n]|\\.)*')
  | (?P<ident>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<number>\.?[0-9](?:[eEpP][+-]|[A-Za-z0-9_.])*)
  | (?P<punct>[^\s])
''', re.VERBOSE | re.DOTALL)


def blanks(text):
    """Per character, whether it is blank: whitespace, or the backslash of a
    line continuation."""
    return [c.isspace() or (c == '\\' and text[i + 1:i + 2] in ('\n', '\r'))
            for i, c in enumerate(text)]


def nonblank(text):
    return [c for c, blank in zip(text, blanks(text)) if not blank]


def tokenize(text):
    tokens = []
    pos = 0
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if m is None:  # an unterminated comment or literal: the rest as is
            tokens.append(('other', pos, len(text)))
            break
        tokens.append((m.lastgroup, m.start(), m.end()))
        pos = m.end()
    return tokens


def hide(text, lines=None):
    """Returns the text to format, and the hidden spans: (where the span's
    stand-in starts, counted in non-blank characters; the stand-in's length;
    the text to put back; whether it brings the blanks before it). @lines:
    the ranges of lines to format, as clang-format's --lines (first, last);
    None for all. Outside them the text goes back as it was."""
    tokens = tokenize(text)
    code = [i for i, t in enumerate(tokens) if t[0] not in ('ws', 'comment')]
    n = len(code)
    line_starts = [0] + [m.end() for m in re.finditer('\n', text)]

    def in_range(first, last):
        """Whether code tokens first to last touch a line to format."""
        if lines is None:
            return True
        a = bisect.bisect_right(line_starts, tokens[code[first]][1])
        b = bisect.bisect_right(line_starts, tokens[code[last]][1])
        return any(a <= end and start <= b for start, end in lines)

    def original(first, last):
        return text[tokens[code[first]][1]:tokens[code[last]][2]]

    def kind(k):
        return tokens[code[k]][0]

    def value(k):
        if k < 0 or k >= n:
            return None
        _, a, b = tokens[code[k]]
        return text[a:b]

    def gap(k):
        """What lies between code tokens k and k + 1."""
        return text[tokens[code[k]][2]:tokens[code[k + 1]][1]] if k + 1 < n else ''

    def newline_in(s):
        return re.search(r'(^|[^\\])\n', s) is not None

    def word(k):
        return value(k) is not None and kind(k) == 'ident'

    def starts_line(t):
        """Whether only blanks come before token t on its line."""
        t -= 1
        while t >= 0 and tokens[t][0] == 'ws':
            if '\n' in text[tokens[t][1]:tokens[t][2]]:
                return True
            t -= 1
        return t < 0

    # Preprocessor directives: the code tokens on their lines, and those in
    # them that nothing is hidden next to (all but a #define's body)
    directive = set()
    untouchable = set()
    line_start = True
    k = 0
    while k < n:
        if line_start and value(k) == '#':
            j = k
            while True:
                directive.add(j)
                if j + 1 >= n or newline_in(gap(j)):
                    break
                j += 1
            untouchable.update((k, k + 1))
            if value(k + 1) == 'define':
                untouchable.add(k + 2)
            else:
                untouchable.update(range(k, j + 1))
            k = j
        line_start = k + 1 < n and newline_in(gap(k))
        k += 1

    stand_in = {}  # first code token → (last code token, stand-in, text put back)
    inserted_before = {}  # code token → [(text, text put back, brings its blanks)]
    inserted_after = {}
    statement_end = {}
    no_space_after = set()  # code tokens whose following blanks are taken out

    covered = set()

    def hide_tokens(first, last, hidden, back=None):
        if any(j in covered for j in range(first, last + 1)):
            return
        if back is None:
            back = text[tokens[code[first]][1]:tokens[code[last]][2]]
        stand_in[first] = (last, hidden, back)
        covered.update(range(first, last + 1))

    pairs = {}
    opened = []
    for k in range(n):
        v = value(k)
        if v in ('(', '[', '{'):
            opened.append(k)
        elif v in (')', ']', '}') and opened:
            pairs[opened.pop()] = k

    def matching(k):
        """The bracket that closes the one at k."""
        return pairs.get(k)

    # Declarations, for their alignment (see the top of the file)
    def declarator(k, end):
        """Stars and a name at k: (index of the name, number of stars), or None."""
        j = k
        while j < end and value(j) == '*':
            j += 1
        if j < end and word(j) and value(j) not in KEYWORDS:
            return j, j - k
        return None

    def type_end(j, end, stop=()):
        """Where a type from j ends: words, and "* const" (the stars of a
        constant pointer belong to the type: "const char * const  *names")."""
        while j < end:
            if word(j) and value(j) not in stop:
                j += 1
                continue
            m = j
            while m < end and value(m) == '*':
                m += 1
            if j < m < end and value(m) == 'const':
                j = m + 1
                continue
            return j
        return j

    def declaration(k, end, allow_init):
        """A declaration from k: [(first token of a declarator, its name,
        stars)], or None. Words (type and qualifiers), then declarators."""
        j = type_end(k, end, STATEMENT_KEYWORDS)
        if j == k:
            return None
        found = []
        # the last word is the first declarator's name when no stars follow
        if value(j) != '*':
            if j - k < 2:
                return None
            first = (j - 1, j - 1, 0)
        else:
            d = declarator(j, end)
            if d is None:
                return None
            first = (j, d[0], d[1])
        if value(first[1]) in KEYWORDS:
            return None
        found.append(first)
        j = first[1] + 1
        while j < end:
            v = value(j)
            if v == '[':
                m = matching(j)
                if m is None:
                    return None
                j = m + 1
            elif v == ':' and word(first[1]):
                j += 2  # a bit field
            elif v == '=' and allow_init:
                # skip the initializer
                depth = 0
                while j < end:
                    if value(j) in ('(', '[', '{'):
                        depth += 1
                    elif value(j) in (')', ']', '}'):
                        depth -= 1
                    elif depth == 0 and value(j) in (',', ';'):
                        break
                    j += 1
            elif v == ',':
                d = declarator(j + 1, end)
                if d is None:
                    return None
                found.append((j + 1, d[0], d[1]))
                j = d[0] + 1
            elif v == ';':
                return found
            else:
                return None
        return None

    def parameters(open_paren):
        """The parameters of a declarator's list, one a line: [(first token
        of its declarator, its name, stars)], or None."""
        close = matching(open_paren)
        if close is None or close == open_paren + 1 or newline_in(gap(open_paren)):
            return None
        params = []
        j = open_paren + 1
        start = j
        depth = 0
        pieces = []
        while j <= close:
            v = value(j)
            if v in ('(', '[', '{') :
                depth += 1
            elif v in (')', ']', '}') and j != close:
                depth -= 1
            if depth == 0 and (v == ',' or j == close):
                pieces.append((start, j))
                if v == ',' and not newline_in(gap(j)):
                    return None
                start = j + 1
            j += 1
        if len(pieces) < 2:
            return None
        for a, b in pieces:
            if b - a == 3 and all(value(x) == '.' for x in range(a, b)):
                continue  # ...
            j = type_end(a, b)
            if j < b and value(j) == '*':
                d = declarator(j, b)
                if d is None or j == a:
                    return None
                first, name, stars = j, d[0], d[1]
            elif j - a >= 2:
                first, name, stars = j - 1, j - 1, 0
            else:
                return None
            rest = name + 1
            while rest < b and value(rest) == '[':
                m = matching(rest)
                if m is None or m >= b:
                    return None
                rest = m + 1
            if rest != b:
                return None
            params.append((first, name, stars))
        return params

    def align_gnome(decls, touched=True):
        """Hides each declarator's stars and name behind one name as wide as
        the widest stars and the name: clang-format aligns the names, the
        stars go back right-aligned before them."""
        widest = max(stars for _, _, stars in decls)
        if widest == 0:
            return
        for first, name, stars in decls:
            back = ' ' * (widest - stars) + '*' * stars + value(name)
            hide_tokens(first, name, 'Z' * widest + value(name),
                        back if touched else original(first, name))

    def unalign(decls):
        """Hides each declarator's stars and name behind a literal: clang-
        format then sees no declaration to align."""
        for first, name, stars in decls:
            width = stars + len(value(name))
            if width >= 2:
                hide_tokens(first, name, '"' + 'x' * (width - 2) + '"',
                            '*' * stars + value(name) if in_range(first, name)
                            else original(first, name))
            elif value(name + 1) != '[':
                hide_tokens(first, name, '0', value(name))

    def align_members(members):
        """Struct members: each type, stars and first name hidden behind one
        word as wide as they are to be. The names line up in the column more
        of them are in than any other, or else (no two in one column) in
        GNOME's: one space after the widest type, then the stars, right-
        aligned, then the name. A type too wide for the column gets one
        space."""
        laid = []
        for begin, first, name, stars in members:
            a = tokens[code[begin]][1]
            b = tokens[code[name]][1]
            if '\n' in text[a:b]:
                continue
            type_words = re.sub(r'\* (?=\*)', '*', ' '.join(value(j) for j in range(begin, first)))
            laid.append((begin, name, type_words, stars, b - a))
        if not laid:
            return
        columns = {}
        for _, _, _, _, column in laid:
            columns[column] = columns.get(column, 0) + 1
        column, count = max(columns.items(), key=lambda c: (c[1], c[0]))
        if count < 2 and len(laid) > 1:
            column = (max(len(t) for _, _, t, _, _ in laid) + 1 +
                      max(s for _, _, _, s, _ in laid))
        for begin, name, type_words, stars, _ in laid:
            if not in_range(begin, name):
                hide_tokens(begin, name, 'Z' * len(original(begin, name)))
                continue
            pad = max(1, column - len(type_words) - stars)
            back = type_words + ' ' * pad + '*' * stars + value(name)
            hide_tokens(begin, name, 'Z' * len(back), back)

    # A struct declared on one line, in the declaration of a table:
    # "const struct { const char *text; int n; } cases[] = {"
    for k in range(n - 1):
        if value(k) in ('struct', 'union') and value(k + 1) == '{' and k not in directive:
            close = matching(k + 1)
            if close is not None:
                a, b = tokens[code[k + 1]][1], tokens[code[close]][2]
                if '\n' not in text[a:b]:
                    hide_tokens(k + 1, close, 'Z' * len(nonblank(text[a:b])))

    # File-scope function prototypes, and multi-line macro calls such as
    # G_DEFINE_TYPE_WITH_CODE (…) and G_DECLARE_FINAL_TYPE (…), as they are
    # written: GNOME's tables of prototypes (return types, names, "(" and
    # parameters in columns) are beyond clang-format, and it puts such a
    # macro call's arguments all on one line
    k = 0
    depth = 0
    while k < n:
        v = value(k)
        if k in directive:
            k += 1
            continue
        if depth == 0 and (k == 0 or value(k - 1) in (';', '}') or (k - 1) in directive or
                           statement_end.get(k - 1)):
            j = k
            d = 0
            call = None
            while j < n and j not in directive:
                w = value(j)
                if w in ('(', '['):
                    if w == '(' and d == 0 and call is None and word(j - 1) and j - 1 >= k:
                        call = j
                    d += 1
                elif w in (')', ']'):
                    d -= 1
                    if d == 0 and w == ')' and j == (matching(call) if call is not None else -1):
                        if (value(k) == value(call - 1) and re.match(r'^[A-Z][A-Z0-9_]*$', value(k)) and
                                value(j + 1) != ';' and newline_in(gap(j))):
                            break  # a macro call at file scope, without ";"
                elif w in ('{', '=') and d == 0:
                    j = None
                    break
                elif w == ';' and d == 0:
                    break
                j += 1
            function_type = any(value(i) == '(' and value(i + 1) == '*' for i in range(k, j or k))
            if (j is not None and j < n and call is not None and
                    (value(k) != 'typedef' or function_type)):
                a, b = tokens[code[k]][1], tokens[code[j]][2]
                is_macro = value(j) == ')'
                if not is_macro or '\n' in text[a:b]:
                    inserted_before.setdefault(k, []).append(
                        ('/* clang-format off */', '', False))
                    inserted_after.setdefault(j, []).append(
                        ('/* clang-format on */', '', True))
                    covered.update(range(k, j + 1))
                statement_end[j] = True
                k = j + 1
                continue
        if v == '{':
            depth += 1
        elif v == '}':
            depth -= 1
        k += 1

    stack = ['file']
    parens = 0
    statement = True
    begin = 0  # where the statement began
    members = []  # the struct members declared one after another
    k = 0
    while k < n:
        v = value(k)
        context = stack[-1]
        if k in directive:
            if context == 'struct' and members:
                align_members(members)
                members = []
            k += 1
            statement = True
            begin = k
            continue
        if statement and parens == 0 and context in ('function', 'block', 'struct', 'file'):
            end = k
            depth = 0
            while end < n and end not in directive:
                if value(end) in ('(', '[', '{'):
                    depth += 1
                elif value(end) in (')', ']', '}'):
                    depth -= 1
                    if depth < 0:
                        break
                elif value(end) == ';' and depth == 0:
                    break
                end += 1
            decls = declaration(k, end + 1, context != 'struct') if k not in covered else None
            if context == 'struct':
                if decls:
                    members.append((k,) + decls[0])
                else:
                    if members:
                        align_members(members)
                    members = []
            elif decls:
                unalign(decls)
        statement = False
        if v == '(':
            if parens == 0 and context == 'file' and k > 0 and word(k - 1):
                params = parameters(k)
                if params:
                    # clang-format formats the whole declarator, return
                    # type to ")", when one of its lines is touched
                    first = k - 1
                    while (first > 0 and (word(first - 1) or value(first - 1) == '*') and
                           first - 1 not in directive):
                        first -= 1
                    align_gnome(params, in_range(first, matching(k)))
            parens += 1
        elif v == ')':
            parens -= 1
        elif v == '{':
            prev = value(k - 1)
            if prev in ('=', ',', '(', 'return') or context == 'init' or parens > 0:
                braces = 'init'
            elif any(value(j) in ('struct', 'union') for j in range(max(0, k - 3), k)):
                braces = 'struct'
            elif any(value(j) == 'enum' for j in range(max(0, k - 3), k)):
                braces = 'enum'
            elif prev == ')' and context == 'file':
                braces = 'function'
            elif prev == ')':
                m = k - 1
                depth = 0
                while m >= 0:
                    if value(m) == ')':
                        depth += 1
                    elif value(m) == '(':
                        depth -= 1
                        if depth == 0:
                            break
                    m -= 1
                before = value(m - 1)
                braces = ('block' if before in ('if', 'while', 'for', 'switch') or word(m - 1)
                          else 'init')
            elif context in ('function', 'block'):
                braces = 'block'
            else:
                braces = 'other'
            if context == 'struct' and members:
                align_members(members)
                members = []
            stack.append(braces)
            statement = braces in ('function', 'block', 'struct')
            begin = k + 1
        elif v == '}':
            if context == 'struct' and members:
                align_members(members)
                members = []
            if len(stack) > 1:
                stack.pop()
            statement = context in ('function', 'block')
            begin = k + 1
        elif v == ';' and parens == 0:
            statement = True
            begin = k + 1
        elif (v == '=' and context == 'enum' and parens == 0 and gap(k - 1) and
              gap(k - 1).strip(' \t') == ''):
            # an enum's values where they are written
            inserted_before.setdefault(k, []).append(('', gap(k - 1), True))
        elif (v == ':' and context in ('function', 'block') and parens == 0 and
              (value(begin) in ('case', 'default') or begin == k - 1)):
            statement = True  # after a label
            begin = k + 1
        k += 1

    # A #define's body where it is: after the name, as many blanks as written
    for k in range(n - 3):
        if k in directive and value(k) == '#' and value(k + 1) == 'define':
            body = k + 3
            if value(body) == '(' and gap(k + 2) == '':
                body = matching(body)
                body = body + 1 if body is not None else n
            if body < n and body in directive and gap(body - 1).strip(' \t') == '' and gap(body - 1):
                inserted_before.setdefault(body, []).append(('', gap(body - 1), True))

    # A comment that starts a line with code after it ("/* accepted */   {"):
    # the blanks between as written
    for k in range(n):
        t = code[k]
        if (t >= 2 and tokens[t - 1][0] == 'ws' and '\n' not in text[tokens[t - 1][1]:tokens[t - 1][2]] and
                tokens[t - 2][0] == 'comment' and starts_line(t - 2)):
            inserted_before.setdefault(k, []).append(('', text[tokens[t - 1][1]:tokens[t - 1][2]], True))

    # #if and #elif conditions as they are: clang-format takes out the space
    # in "#if GTK_CHECK_VERSION (4, 10, 0)"
    for k in range(n - 2):
        if k in directive and value(k) == '#' and value(k + 1) in ('if', 'elif'):
            j = k + 2
            while j + 1 < n and j + 1 in directive and not newline_in(gap(j)):
                j += 1
            a, b = tokens[code[k + 2]][1], tokens[code[j]][2]
            if k + 2 in directive and '\n' not in text[a:b]:
                hide_tokens(k + 2, j, 'x' * len(nonblank(text[a:b])))

    def packed(o, close):
        """Whether the braced list from o to close is on one line, or has
        more than one element on a line (designated initializers aside:
        clang-format joins those, so they are best one a line)."""
        a, b = tokens[code[o]][1], tokens[code[close]][2]
        if '\n' not in text[a:b]:
            return True
        if value(o + 1) in ('.', '['):
            return False
        depth = 0
        last_comma = o
        for j in range(o + 1, close):
            v = value(j)
            if v in ('(', '[', '{'):
                depth += 1
            elif v in (')', ']', '}'):
                depth -= 1
            elif v == ',' and depth == 0:
                if '\n' not in text[tokens[code[last_comma]][2]:tokens[code[j]][1]] and last_comma != o:
                    return True
                last_comma = j
        return False

    # What follows an argument over several lines, on its last line: clang-
    # format would break before each argument after it ("NULL), ==, 0);"
    # becomes "NULL),\n ==, 0);"). Hidden behind one word.
    for k in range(n):
        if value(k) != '(' or k in untouchable:
            continue
        close = matching(k)
        if close is None:
            continue
        depth = 0
        start = k + 1
        for j in range(k + 1, close + 1):
            v = value(j)
            if v in ('(', '[', '{'):
                depth += 1
            elif v in (')', ']', '}') and j != close:
                depth -= 1
            elif v == ',' and depth == 0:
                a, b = tokens[code[start]][1], tokens[code[j]][1]
                rest = text[b:tokens[code[close]][1]]
                comments = any(tokens[t][0] == 'comment' for t in range(code[j], code[close]))
                if j > start and newline_in(text[a:b]) and not newline_in(rest) and not comments:
                    if not any(i in covered for i in range(j, close)):
                        hide_tokens(j, close - 1, 'Z' * len(nonblank(rest)),
                                    gap(j - 1) + rest.rstrip(' \t'))
                        inserted_before.setdefault(j, []).append(('', '', True))
                        no_space_after.add(j - 1)
                    break
                start = j + 1

    # The habits clang-format gets wrong, each hidden where it is
    opening = []
    k = 0
    while k < n:
        v = value(k)
        nxt = value(k + 1)
        if k in untouchable or k in covered:
            pass
        elif (kind(k) == 'ident' and v in NO_SPACE_BEFORE_PAREN and nxt == '(' and
              not newline_in(gap(k)) and '/' not in gap(k)):
            hide_tokens(k, k, '!' * len(v))
            if in_range(k, k):
                no_space_after.add(k)
        elif (v == 'enum' and nxt == '{' and value(k - 1) != 'typedef' and
              not newline_in(gap(k))):
            # "enum {" of PROP_0, … (GNU's "enum\n{" is fine too): clang-format
            # cannot tell it from a typedef's. Hidden as an array's "a[]= {".
            hide_tokens(k, k, 'a[]=')
        elif v == 'G_DEFINE_QUARK' and nxt == '(':
            j = k + 2
            while j < n and value(j) not in (',', ')'):
                if value(j) == '-':
                    hide_tokens(j, j, '_')
                    if in_range(j, j):
                        no_space_after.update((j - 1, j))
                j += 1
        elif kind(k) in ('string', 'ident'):
            # literals and macros side by side on one line
            j = k
            while (j + 1 < n and kind(j + 1) in ('string', 'ident') and
                   gap(j).strip(' \t') == '' and j + 1 not in untouchable and
                   j + 1 not in covered):
                j += 1
            idents = [value(i) for i in range(k, j + 1) if kind(i) == 'ident']
            beside = [i for i in (k - 1, j + 1) if 0 <= i < n and kind(i) == 'string' and
                      i not in untouchable and (i in directive) == (k in directive)]
            strings = [i for i in range(k, j + 1) if kind(i) == 'string']
            if (((idents and (strings or beside)) or len(strings) > 1) and
                    len(nonblank(text[tokens[code[k]][1]:tokens[code[j]][2]])) >= 2 and
                    not any(u in KEYWORDS for u in idents) and value(j + 1) != '('):
                a, b = tokens[code[k]][1], tokens[code[j]][2]
                length = len(nonblank(text[a:b]))
                hide_tokens(k, j, '"' + 'x' * (length - 2) + '"')
                k = j
        if value(k) == '{':
            opening.append(k)
        elif value(k) == '}' and opening:
            o = opening.pop()
            outer = opening[-1] if opening else None
            inner = [j for j in range(o + 1, k) if value(j) in ('{', '}')]
            a, b = tokens[code[o]][1], tokens[code[k]][2]
            if not inner and '\n' not in text[a:b] and (
                    (o in directive and k in directive) or
                    (outer is not None and value(o - 1) in (',', '{') and
                     value(outer - 1) in BEFORE_INITIALIZER | {',', '{'})):
                # a braced list on one line inside another: clang-format would
                # join the lines of the outer one after it
                hide_tokens(o, k, 'Z' * len(nonblank(text[a:b])))
            if (value(k - 1) == ',' and o > 0 and value(o - 1) in BEFORE_INITIALIZER and
                    '/' not in gap(k - 1) and packed(o, k)):
                hide_tokens(k - 1, k - 1, '')
        k += 1

    pieces = []
    spans = []
    count = 0
    code_index = {t: k for k, t in enumerate(code)}
    t = 0
    skip_blanks = False
    while t < len(tokens):
        kind_t, a, b = tokens[t]
        k = code_index.get(t)
        if k is None:
            comment = text[a:b]
            before = tokens[t - 1] if t > 0 else None
            if (kind_t == 'comment' and 'clang-format' not in comment and
                    before is not None and before[0] == 'ws' and '\n' not in text[before[1]:before[2]] and
                    t > 1 and tokens[t - 2][0] not in ('ws',) and t - 1 > 0):
                # a comment after code on its line: it stays where it is
                blank = text[before[1]:before[2]]
                spans.append((count, len(nonblank(comment)), blank + comment, True))
                pieces.append(comment)
                count += len(nonblank(comment))
            elif not (skip_blanks and kind_t == 'ws' and '\n' not in text[a:b]):
                pieces.append(text[a:b])
                count += len(nonblank(text[a:b]))
            t += 1
            continue
        skip_blanks = k in no_space_after
        for hidden, back, own in inserted_before.get(k, []):
            spans.append((count, len(nonblank(hidden)), back, own))
            pieces.append(hidden)
            count += len(nonblank(hidden))
        if k in stand_in:
            last, hidden, back = stand_in[k]
            spans.append((count, len(hidden), back, False))
            pieces.append(hidden)
            count += len(hidden)
            skip_blanks = skip_blanks or last in no_space_after
            t = code[last] + 1
        else:
            last = k
            pieces.append(text[a:b])
            count += len(nonblank(text[a:b]))
            t += 1
        for hidden, back, own in inserted_after.get(last, []):
            spans.append((count, len(nonblank(hidden)), back, own))
            pieces.append(hidden)
            count += len(nonblank(hidden))
    return ''.join(pieces), spans


def restore(formatted, hidden_text, spans):
    """The formatted text, with the hidden spans' text back."""
    if nonblank(hidden_text) != nonblank(formatted):
        raise ValueError('clang-format changed more than whitespace')
    out = []
    spans = sorted(spans, key=lambda s: (s[0], s[1] != 0))
    s = 0
    k = 0
    skip = 0

    def put(span):
        _, _, back, own_blanks = span
        if own_blanks:
            # the span brings the blanks before it, unless it starts a line
            starts_line = True
            for piece in reversed(out):
                head, newline, _ = piece.rpartition('\n')
                if piece[len(head) + len(newline):].strip():
                    starts_line = False
                    break
                if newline:
                    break
            if not starts_line:
                while out and out[-1] in (' ', '\t'):
                    out.pop()
            else:
                back = back.lstrip(' \t')
        out.append(back)

    for c, blank in zip(formatted, blanks(formatted)):
        while (s < len(spans) and spans[s][0] == k and spans[s][1] == 0 and
               not (blank and spans[s][3])):
            put(spans[s])
            s += 1
        if blank:
            if not skip:
                out.append(c)
            continue
        if skip:
            skip -= 1
        elif s < len(spans) and spans[s][0] == k:
            put(spans[s])
            skip = spans[s][1] - 1
            s += 1
        else:
            out.append(c)
        k += 1
    while s < len(spans):
        put(spans[s])
        s += 1
    return ''.join(out)


def format_text(text, args, assume_filename):
    lines = []
    for a in args:
        m = re.match(r'^--?lines=(\d+):(\d+)$', a)
        if m:
            lines.append((int(m.group(1)), int(m.group(2))))
    hidden_text, spans = hide(text, lines or None)
    cmd = [CLANG_FORMAT] + args
    if assume_filename:
        cmd.append('--assume-filename=' + assume_filename)
    result = subprocess.run(cmd, input=hidden_text.encode('utf-8'), stdout=subprocess.PIPE)
    if result.returncode != 0:
        sys.exit(result.returncode)
    try:
        return restore(result.stdout.decode('utf-8'), hidden_text, spans)
    except ValueError as e:
        sys.exit('%s: %s' % (assume_filename or '<stdin>', e))


def main(argv):
    direct = ('--dump-config', '-dump-config', '--dry-run', '-dry-run', '-n',
              '--output-replacements-xml', '-output-replacements-xml',
              '--help', '-help', '-h', '--version', '-version')
    if any(a in direct or a.startswith('--help') for a in argv):
        os.execvp(CLANG_FORMAT, [CLANG_FORMAT] + argv)

    args = []
    files = []
    in_place = False
    assume_filename = None
    i = 0
    while i < len(argv):
        a = argv[i]
        if a in ('-i', '--i'):
            in_place = True
        elif re.match(r'--?assume-filename=', a):
            assume_filename = a.split('=', 1)[1]
        elif a in ('-assume-filename', '--assume-filename'):
            i += 1
            assume_filename = argv[i]
        elif a == '--':
            files.extend(argv[i + 1:])
            break
        elif a.startswith('-') and a != '-':
            args.append(a)
        else:
            files.append(a)
        i += 1

    if not files or files == ['-']:
        text = sys.stdin.buffer.read().decode('utf-8')
        sys.stdout.write(format_text(text, args, assume_filename))
        return 0

    for path in files:
        with open(path, encoding='utf-8', newline='') as f:
            text = f.read()
        formatted = format_text(text, args, assume_filename or path)
        if in_place:
            if formatted != text:
                with open(path, 'w', encoding='utf-8', newline='') as f:
                    f.write(formatted)
        else:
            sys.stdout.write(formatted)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
