package evidence

import (
	"strings"
)

// A lexer and block reader for Jenkinsfiles (Groovy). It reads the block
// structure — calls, their string arguments and their { } bodies — which is
// all a declarative or scripted pipeline needs to name its stages and the
// commands they run. Nothing is evaluated; unknown syntax is skipped.

// groovyTok is one token.
type groovyTok struct {
	Kind byte // 'i' identifier, 's' string, 'n' number, 'p' punctuation
	Text string
	Line int
}

// groovyLex splits Groovy source into tokens, dropping comments. Strings
// keep their content (escapes of quotes resolved, ${} left as written).
func groovyLex(src string) []groovyTok {
	var toks []groovyTok
	line := 1
	i := 0
	n := len(src)
	for i < n {
		c := src[i]
		switch {
		case c == '\n':
			line++
			i++
		case c == ' ' || c == '\t' || c == '\r' || c == '\f':
			i++
		case c == '/' && i+1 < n && src[i+1] == '/':
			for i < n && src[i] != '\n' {
				i++
			}
		case c == '/' && i+1 < n && src[i+1] == '*':
			end := strings.Index(src[i+2:], "*/")
			if end < 0 {
				end = n - i - 2
			}
			line += strings.Count(src[i:i+2+end], "\n")
			i += end + 4
		case c == '\'' || c == '"':
			start := line
			text, next := groovyString(src, i)
			line += strings.Count(src[i:next], "\n")
			toks = append(toks, groovyTok{'s', text, start})
			i = next
		case groovyIdentStart(c):
			j := i + 1
			for j < n && groovyIdentPart(src[j]) {
				j++
			}
			toks = append(toks, groovyTok{'i', src[i:j], line})
			i = j
		case c >= '0' && c <= '9':
			j := i + 1
			for j < n && (src[j] >= '0' && src[j] <= '9' || src[j] == '.' || src[j] == '_') {
				j++
			}
			toks = append(toks, groovyTok{'n', src[i:j], line})
			i = j
		default:
			toks = append(toks, groovyTok{'p', src[i : i+1], line})
			i++
		}
	}
	return toks
}

func groovyIdentStart(c byte) bool {
	return c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

func groovyIdentPart(c byte) bool { return groovyIdentStart(c) || c >= '0' && c <= '9' }

// groovyString reads a string literal starting at i ('…', "…", ”'…”' or
// """…""") and returns its content and the index after it. An unterminated
// string runs to the end of the source.
func groovyString(src string, i int) (string, int) {
	q := src[i]
	triple := i+2 < len(src) && src[i+1] == q && src[i+2] == q
	j := i + 1
	if triple {
		j = i + 3
	}
	var b strings.Builder
	depth := 0 // inside ${ } of a GString
	for j < len(src) {
		c := src[j]
		switch {
		case c == '\\' && j+1 < len(src):
			next := src[j+1]
			if next == q || next == '\\' || next == '$' {
				b.WriteByte(next)
			} else {
				b.WriteByte(c)
				b.WriteByte(next)
			}
			j += 2
			continue
		case q == '"' && c == '$' && j+1 < len(src) && src[j+1] == '{':
			depth++
			b.WriteString("${")
			j += 2
			continue
		case depth > 0 && c == '}':
			depth--
		case depth == 0 && c == q:
			if !triple {
				return b.String(), j + 1
			}
			if j+2 < len(src) && src[j+1] == q && src[j+2] == q {
				return b.String(), j + 3
			}
		case !triple && c == '\n' && depth == 0:
			return b.String(), j // a broken one-line string ends at the line end
		}
		b.WriteByte(c)
		j++
	}
	return b.String(), j
}

// groovyNode is one call or block: `name(args) { body }`, `name 'arg'`,
// `if (cond) { body }`, or a bare `{ body }`.
type groovyNode struct {
	Name string
	Line int
	Args []groovyArg // string arguments
	Body []*groovyNode
	// Toks are the node's tokens, body included (a view of the file's).
	Toks []groovyTok
	// HasBody says a { } block followed (an empty one included).
	HasBody bool
}

// groovyArg is a string argument, with its key when named (script: '…').
type groovyArg struct {
	Key, Val string
}

// groovyParse reads the block structure of a token stream.
func groovyParse(toks []groovyTok) []*groovyNode {
	p := &groovyParser{toks: toks}
	return p.block(0)
}

type groovyParser struct {
	toks []groovyTok
	pos  int
}

func (p *groovyParser) peek() *groovyTok {
	if p.pos < len(p.toks) {
		return &p.toks[p.pos]
	}
	return nil
}

// block reads statements until the closing } (or the end).
func (p *groovyParser) block(depth int) []*groovyNode {
	var out []*groovyNode
	for p.pos < len(p.toks) {
		t := p.toks[p.pos]
		switch {
		case t.Kind == 'p' && t.Text == "}":
			p.pos++
			return out
		case t.Kind == 'p' && t.Text == "{":
			p.pos++
			if depth > 200 {
				p.skipBlock()
				continue
			}
			start := p.pos - 1
			n := &groovyNode{Line: t.Line, Body: p.block(depth + 1), HasBody: true}
			n.Toks = p.toks[start:p.pos]
			out = append(out, n)
		case t.Kind == 'i':
			out = append(out, p.call(depth))
		default:
			p.pos++
		}
	}
	return out
}

// skipBlock skips to the } matching an already consumed {.
func (p *groovyParser) skipBlock() {
	level := 1
	for p.pos < len(p.toks) && level > 0 {
		switch t := p.toks[p.pos]; {
		case t.Kind == 'p' && t.Text == "{":
			level++
		case t.Kind == 'p' && t.Text == "}":
			level--
		}
		p.pos++
	}
}

// call reads `name [ (args) ] [ command args ] [ { body } ]`.
func (p *groovyParser) call(depth int) *groovyNode {
	start := p.pos
	t := p.toks[p.pos]
	p.pos++
	n := &groovyNode{Name: t.Text, Line: t.Line}
	// member access chains (env.BRANCH_NAME, docker.build) stay one name
	for p.pos+1 < len(p.toks) && p.toks[p.pos].Text == "." && p.toks[p.pos+1].Kind == 'i' && p.toks[p.pos].Kind == 'p' {
		n.Name += "." + p.toks[p.pos+1].Text
		p.pos += 2
	}
	if tk := p.peek(); tk != nil && tk.Kind == 'p' && tk.Text == "(" {
		p.pos++
		p.args(n)
	}
	// command-style arguments on the same line: sh 'make', branch 'main'
	for tk := p.peek(); tk != nil && tk.Line == t.Line && (tk.Kind == 's' || tk.Kind == 'n' || tk.Kind == 'i' && p.namedArg()); tk = p.peek() {
		p.cmdArg(n)
	}
	if tk := p.peek(); tk != nil && tk.Kind == 'p' && tk.Text == "{" {
		p.pos++
		n.HasBody = true
		if depth > 200 {
			p.skipBlock()
		} else {
			n.Body = p.block(depth + 1)
		}
	}
	n.Toks = p.toks[start:p.pos]
	return n
}

// namedArg reports whether the tokens at pos are `key:`.
func (p *groovyParser) namedArg() bool {
	return p.pos+1 < len(p.toks) && p.toks[p.pos+1].Kind == 'p' && p.toks[p.pos+1].Text == ":"
}

// cmdArg reads one command-style argument, `'x'` or `key: 'x'`, and the
// comma after it.
func (p *groovyParser) cmdArg(n *groovyNode) {
	t := p.toks[p.pos]
	if t.Kind == 'i' {
		key := t.Text
		p.pos += 2
		if v := p.peek(); v != nil && (v.Kind == 's' || v.Kind == 'i' || v.Kind == 'n') {
			n.Args = append(n.Args, groovyArg{key, v.Text})
			p.pos++
		}
	} else {
		n.Args = append(n.Args, groovyArg{Val: t.Text})
		p.pos++
	}
	if c := p.peek(); c != nil && c.Kind == 'p' && c.Text == "," {
		p.pos++
	}
}

// args reads a parenthesised argument list, keeping its string arguments;
// nested brackets are balanced and closures skipped.
func (p *groovyParser) args(n *groovyNode) {
	level := 1
	for p.pos < len(p.toks) {
		t := p.toks[p.pos]
		p.pos++
		switch {
		case t.Kind == 'p' && (t.Text == "(" || t.Text == "["):
			level++
		case t.Kind == 'p' && (t.Text == ")" || t.Text == "]"):
			level--
			if level == 0 {
				return
			}
		case t.Kind == 'p' && t.Text == "{":
			p.skipBlock()
		case t.Kind == 's' && level == 1:
			n.Args = append(n.Args, groovyArg{p.prevKey(), t.Text})
		}
	}
}

// raw returns the node's tokens as text, strings quoted, for reading
// conditions such as env.BRANCH_NAME == 'main'.
func (n *groovyNode) raw() string {
	var b strings.Builder
	for i, t := range n.Toks {
		if i > 0 && t.Kind != 'p' && n.Toks[i-1].Kind != 'p' {
			b.WriteByte(' ')
		}
		if t.Kind == 's' {
			b.WriteString("'" + t.Text + "'")
		} else {
			b.WriteString(t.Text)
		}
	}
	return b.String()
}

// prevKey returns the key of a named argument whose value was just read.
func (p *groovyParser) prevKey() string {
	i := p.pos - 2
	if i >= 1 && p.toks[i].Kind == 'p' && p.toks[i].Text == ":" && p.toks[i-1].Kind == 'i' {
		return p.toks[i-1].Text
	}
	return ""
}

// arg returns the named argument, or else the first positional one.
func (n *groovyNode) arg(name string) string {
	for _, a := range n.Args {
		if a.Key == name {
			return a.Val
		}
	}
	for _, a := range n.Args {
		if a.Key == "" {
			return a.Val
		}
	}
	return ""
}
