package lens

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/opslens/opslens"
)

// Parse decodes and validates a lens document. Syntax errors carry line and
// column; schema violations come back as a *ValidationError with JSON paths.
func Parse(data []byte) (*Lens, error) {
	if len(data) > MaxBytes {
		return nil, &ValidationError{Problems: []Problem{{Path: "$", Message: fmt.Sprintf("the file is %d bytes; the limit is %d (500 KB)", len(data), MaxBytes)}}}
	}
	var l Lens
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&l); err != nil {
		return nil, jsonError(data, err)
	}
	// dec.More is not enough here: it reports false for a stray "}" or "]".
	if rest := bytes.TrimLeft(data[dec.InputOffset():], " \t\r\n"); len(rest) > 0 {
		line, col := position(data, int64(len(data)-len(rest)))
		return nil, opslens.Errorf(opslens.EINVALID, "line %d, column %d: unexpected data after the lens object", line, col)
	}
	if err := l.Validate(); err != nil {
		return nil, err
	}
	return &l, nil
}

func jsonError(data []byte, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		// Offset counts the offending byte itself.
		line, col := position(data, max(syn.Offset-1, 0))
		return opslens.Errorf(opslens.EINVALID, "line %d, column %d: malformed JSON: %v", line, col, syn)
	case errors.As(err, &typ):
		path, start, ok := valuePath(data, typ.Offset)
		if !ok {
			path = "$"
			if typ.Field != "" {
				path += "." + typ.Field
			}
		}
		line, col := position(data, start)
		return &ValidationError{Problems: []Problem{{Path: path, Message: fmt.Sprintf("is a JSON %s but must be %s (line %d, column %d)", typ.Value, jsonKind(typ.Type.Kind().String()), line, col)}}}
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		line, col := position(data, int64(len(data)))
		return opslens.Errorf(opslens.EINVALID, "line %d, column %d: malformed JSON: the document ends early", line, col)
	}
	return opslens.Errorf(opslens.EINVALID, "malformed JSON: %v", err)
}

// valuePath returns the JSON path, with array indices, of the value of data
// that contains or ends at byte offset off (as reported by an
// UnmarshalTypeError), and the offset where that value starts.
// UnmarshalTypeError.Field names the struct fields only, without indices.
func valuePath(data []byte, off int64) (path string, start int64, ok bool) {
	type frame struct {
		array   bool
		index   int    // current element, for arrays
		key     string // current key, for objects
		wantKey bool
	}
	var stack []*frame
	next := func() { // the current value of the innermost container is done
		if n := len(stack); n > 0 {
			if f := stack[n-1]; f.array {
				f.index++
			} else {
				f.wantKey = true
			}
		}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	for {
		start = dec.InputOffset()
		for start < int64(len(data)) && strings.IndexByte(" \t\r\n,:", data[start]) >= 0 {
			start++
		}
		tok, err := dec.Token()
		if err != nil {
			return "", off, false
		}
		d, isDelim := tok.(json.Delim)
		if isDelim && (d == '}' || d == ']') {
			if len(stack) == 0 {
				return "", off, false
			}
			stack = stack[:len(stack)-1]
			next()
			continue
		}
		if n := len(stack); n > 0 && stack[n-1].wantKey {
			stack[n-1].key, _ = tok.(string)
			stack[n-1].wantKey = false
			continue
		}
		if dec.InputOffset() >= off {
			var b strings.Builder
			b.WriteString("$")
			for _, f := range stack {
				if f.array {
					fmt.Fprintf(&b, "[%d]", f.index)
				} else {
					b.WriteString("." + f.key)
				}
			}
			return b.String(), start, true
		}
		if isDelim {
			stack = append(stack, &frame{array: d == '[', wantKey: d == '{'})
			continue
		}
		next()
	}
}

func jsonKind(k string) string {
	switch k {
	case "slice":
		return "an array"
	case "struct", "ptr":
		return "an object"
	}
	return "a " + k
}

// position converts a byte offset to a 1-based line and column.
func position(data []byte, off int64) (line, col int) {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	line, col = 1, 1
	for _, b := range data[:off] {
		if b == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return line, col
}

// Format selects what Export writes.
type Format string

const (
	// FormatOpslens keeps the opslens extension fields.
	FormatOpslens Format = "opslens"
	// FormatAWS drops them, for the AWS Well-Architected Tool's importer.
	FormatAWS Format = "aws"
)

// ParseFormat validates a format name given by a user.
func ParseFormat(s string) (Format, error) {
	switch Format(s) {
	case FormatOpslens, FormatAWS:
		return Format(s), nil
	}
	return "", opslens.Errorf(opslens.EINVALID, "unknown lens format %q: use opslens or aws", s)
}

// Export encodes the lens as indented JSON in the given format.
func (l *Lens) Export(f Format) ([]byte, error) {
	out := l
	if f == FormatAWS {
		out = l.stripped()
	}
	// No HTML escaping: conditions should read "a && b", not "a \u0026\u0026 b".
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return nil, fmt.Errorf("encode lens %q: %w", l.Name, err)
	}
	return buf.Bytes(), nil
}

// stripped returns a deep enough copy of l without extension fields.
func (l *Lens) stripped() *Lens {
	c := *l
	c.Ext = nil
	c.Pillars = make([]Pillar, len(l.Pillars))
	for pi, p := range l.Pillars {
		p.Questions = append([]Question(nil), p.Questions...)
		for qi := range p.Questions {
			q := &p.Questions[qi]
			q.Ext = nil
			q.Choices = append([]Choice(nil), q.Choices...)
			for ci := range q.Choices {
				q.Choices[ci].Ext = nil
			}
		}
		c.Pillars[pi] = p
	}
	return &c
}
