package lens

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Condition is a parsed risk-rule condition. The zero value is not valid;
// use ParseCondition.
type Condition struct {
	src     string
	root    node // nil for "default"
	choices []string
}

// IsDefault reports whether the condition is the catch-all "default".
func (c *Condition) IsDefault() bool { return c.root == nil }

// Choices returns the choice IDs the condition mentions, in order of first
// appearance.
func (c *Condition) Choices() []string { return c.choices }

// String returns the condition as written.
func (c *Condition) String() string { return c.src }

// Eval reports whether the condition holds given which choices count as
// followed. "default" always holds.
func (c *Condition) Eval(followed func(choiceID string) bool) bool {
	if c.root == nil {
		return true
	}
	return c.root.eval(followed)
}

// ConditionError describes a malformed condition and where it went wrong.
type ConditionError struct {
	Condition string
	Column    int // 1-based byte column in Condition
	Msg       string
}

func (e *ConditionError) Error() string {
	return fmt.Sprintf("condition %q, column %d: %s", e.Condition, e.Column, e.Msg)
}

// ParseCondition parses a condition in the AWS custom-lens grammar:
//
//	expr    = or
//	or      = and { "||" and }
//	and     = unary { "&&" unary }
//	unary   = "!" unary | primary
//	primary = choiceID | "(" expr ")"
//
// or the single word "default". "!" binds tighter than "&&", which binds
// tighter than "||", as in C and in the AWS tool.
func ParseCondition(src string) (*Condition, error) {
	// Trim only the whitespace the lexer skips, so " default" and " a" agree.
	if strings.Trim(src, " \t\r\n") == "default" {
		return &Condition{src: src}, nil
	}
	toks, err := lex(src)
	if err != nil {
		return nil, err
	}
	p := &parser{src: src, toks: toks}
	root, err := p.or()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tokEOF {
		return nil, p.errAt(t, fmt.Sprintf("unexpected %s after a complete expression", t.describe()))
	}
	c := &Condition{src: src, root: root}
	seen := map[string]bool{}
	for _, t := range toks {
		if t.kind == tokIdent && !seen[t.text] {
			seen[t.text] = true
			c.choices = append(c.choices, t.text)
		}
	}
	return c, nil
}

type tokKind int

const (
	tokEOF tokKind = iota
	tokIdent
	tokAnd
	tokOr
	tokNot
	tokLParen
	tokRParen
)

type token struct {
	kind tokKind
	text string
	pos  int // byte offset
}

func (t token) describe() string {
	switch t.kind {
	case tokEOF:
		return "end of condition"
	case tokIdent:
		return fmt.Sprintf("choice ID %q", t.text)
	}
	return fmt.Sprintf("%q", t.text)
}

func isIdentByte(b byte) bool {
	return b == '_' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
}

func lex(src string) ([]token, error) {
	var toks []token
	for i := 0; i < len(src); {
		b := src[i]
		switch {
		case b == ' ' || b == '\t' || b == '\n' || b == '\r':
			i++
		case b == '(':
			toks = append(toks, token{tokLParen, "(", i})
			i++
		case b == ')':
			toks = append(toks, token{tokRParen, ")", i})
			i++
		case b == '!':
			toks = append(toks, token{tokNot, "!", i})
			i++
		case strings.HasPrefix(src[i:], "&&"):
			toks = append(toks, token{tokAnd, "&&", i})
			i += 2
		case strings.HasPrefix(src[i:], "||"):
			toks = append(toks, token{tokOr, "||", i})
			i += 2
		case isIdentByte(b):
			j := i
			for j < len(src) && isIdentByte(src[j]) {
				j++
			}
			toks = append(toks, token{tokIdent, src[i:j], i})
			i = j
		default:
			_, size := utf8.DecodeRuneInString(src[i:])
			msg := fmt.Sprintf("unexpected character %q", src[i:i+size])
			if b == '&' || b == '|' {
				msg += fmt.Sprintf(" (write %q)", string([]byte{b, b}))
			}
			return nil, &ConditionError{Condition: src, Column: i + 1, Msg: msg}
		}
	}
	return append(toks, token{tokEOF, "", len(src)}), nil
}

type parser struct {
	src  string
	toks []token
	i    int
	// depth bounds nesting so hostile input cannot exhaust the stack.
	depth int
}

const maxDepth = 100

func (p *parser) peek() token { return p.toks[p.i] }
func (p *parser) next() token { t := p.toks[p.i]; p.i++; return t }

func (p *parser) errAt(t token, msg string) error {
	return &ConditionError{Condition: p.src, Column: t.pos + 1, Msg: msg}
}

func (p *parser) or() (node, error) {
	left, err := p.and()
	if err != nil {
		return nil, err
	}
	for p.peek().kind == tokOr {
		p.next()
		right, err := p.and()
		if err != nil {
			return nil, err
		}
		left = orNode{left, right}
	}
	return left, nil
}

func (p *parser) and() (node, error) {
	left, err := p.unary()
	if err != nil {
		return nil, err
	}
	for p.peek().kind == tokAnd {
		p.next()
		right, err := p.unary()
		if err != nil {
			return nil, err
		}
		left = andNode{left, right}
	}
	return left, nil
}

func (p *parser) unary() (node, error) {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxDepth {
		return nil, p.errAt(p.peek(), fmt.Sprintf("nested more than %d levels deep", maxDepth))
	}
	t := p.next()
	switch t.kind {
	case tokNot:
		x, err := p.unary()
		if err != nil {
			return nil, err
		}
		return notNode{x}, nil
	case tokIdent:
		if t.text == "default" {
			return nil, p.errAt(t, `"default" must be the whole condition`)
		}
		return identNode(t.text), nil
	case tokLParen:
		x, err := p.or()
		if err != nil {
			return nil, err
		}
		if c := p.next(); c.kind != tokRParen {
			return nil, p.errAt(c, fmt.Sprintf("expected \")\" to close the \"(\" at column %d, found %s", t.pos+1, c.describe()))
		}
		return x, nil
	}
	return nil, p.errAt(t, fmt.Sprintf("expected a choice ID, \"!\" or \"(\", found %s", t.describe()))
}

type node interface {
	eval(followed func(string) bool) bool
}

type identNode string
type notNode struct{ x node }
type andNode struct{ l, r node }
type orNode struct{ l, r node }

func (n identNode) eval(f func(string) bool) bool { return f(string(n)) }
func (n notNode) eval(f func(string) bool) bool   { return !n.x.eval(f) }
func (n andNode) eval(f func(string) bool) bool   { return n.l.eval(f) && n.r.eval(f) }
func (n orNode) eval(f func(string) bool) bool    { return n.l.eval(f) || n.r.eval(f) }
