package evidence

import (
	"regexp"
	"strings"

	"go.yaml.in/yaml/v4"
)

// Labels that a chart template writes through actions: {{- include
// "api.labels" . | nindent 4 }} renders a named template of the chart's
// _helpers.tpl, and {{- toYaml .Values.podLabels | nindent 8 }} renders a
// values map. The reader blanks those lines; here they are resolved, so
// that an owner label kept in a helper or in values is still seen.

var (
	k8sDefineAction  = regexp.MustCompile(`^-?\s*define\s+"([^"]+)"`)
	k8sIncludeAction = regexp.MustCompile(`\b(?:include|template)\s+"([^"]+)"`)
	k8sLabelLine     = regexp.MustCompile(`^\s*([A-Za-z0-9][A-Za-z0-9._/-]*)\s*:\s*(.*?)\s*$`)
)

// readDefines records the named templates of a .tpl file.
func (c *k8sChart) readDefines(t *Tree, p string) {
	data, err := t.Read(p)
	if err != nil {
		return
	}
	if c.Defines == nil {
		c.Defines = map[string]string{}
	}
	for name, body := range k8sTplDefines(string(data)) {
		c.Defines[name] = body
	}
}

// k8sTplDefines returns the bodies of a template file's define blocks,
// text and actions as written, one body line per source line.
func k8sTplDefines(src string) map[string]string {
	out := map[string]string{}
	name, depth := "", 0
	var body []string
	for _, segs := range k8sTplLines(src) {
		var line strings.Builder
		for _, s := range segs {
			if !s.action {
				line.WriteString(s.text)
				continue
			}
			if !s.start {
				continue
			}
			word := strings.Fields(strings.Trim(s.text, "- "))
			switch {
			case name == "" && len(word) > 0 && word[0] == "define":
				if m := k8sDefineAction.FindStringSubmatch(s.text); m != nil {
					name, depth, body = m[1], 1, nil
				}
				continue
			case name != "" && len(word) > 0 && (word[0] == "if" || word[0] == "with" || word[0] == "range" || word[0] == "block" || word[0] == "define"):
				depth++
			case name != "" && len(word) > 0 && word[0] == "end":
				depth--
				if depth == 0 {
					out[name] = strings.TrimRight(strings.Join(append(body, line.String()), "\n"), "\n ")
					name = ""
					continue
				}
			}
			line.WriteString("{{ " + s.text + " }}")
		}
		if name != "" {
			body = append(body, line.String())
		}
	}
	return out
}

// LabelsIn returns the labels (or annotations) of the mapping at keys: the
// literal pairs, and for a template also those rendered by includes of the
// chart's named templates and by toYaml of values maps (default values).
func (o *k8sObject) LabelsIn(keys ...string) map[string]string {
	out := k8sResolvedMap(o, get(o.Node, keys...))
	if o.tpl == nil || o.Chart == nil || len(keys) == 0 {
		return out
	}
	parent := get(o.Node, keys[:len(keys)-1]...)
	var key *yaml.Node
	pairs(parent, func(k string, kn, _ *yaml.Node) {
		if k == keys[len(keys)-1] {
			key = kn
		}
	})
	if key == nil {
		return out
	}
	add := func(k, v string) {
		if out == nil {
			out = map[string]string{}
		}
		if _, ok := out[k]; !ok && !strings.Contains(v, "{{") && !k8sTemplated(v) {
			out[k] = strings.Trim(v, `"'`)
		}
	}
	for i := key.Line; i < len(o.tpl.Lines) && i < key.Line+12; i++ {
		if l := o.tpl.Lines[i]; strings.TrimSpace(l) != "" && len(l)-len(strings.TrimLeft(l, " ")) < key.Column {
			break // back at the key's level or above: the block ended
		}
		for _, a := range o.tpl.Blanked[i] {
			o.Chart.actionLabels(a, add, 0)
		}
	}
	return out
}

// actionLabels adds the label pairs an action renders.
func (c *k8sChart) actionLabels(action string, add func(k, v string), depth int) {
	if depth > 3 {
		return
	}
	if m := k8sIncludeAction.FindStringSubmatch(action); m != nil {
		for _, l := range strings.Split(c.Defines[m[1]], "\n") {
			if lm := k8sLabelLine.FindStringSubmatch(l); lm != nil {
				add(lm[1], lm[2]) // add leaves out templated values
			} else if strings.Contains(l, "{{") {
				c.actionLabels(l, add, depth+1)
			}
		}
		return
	}
	if m := k8sValuesRef.FindStringSubmatch(action); m != nil {
		pairs(c.valueAt(strings.Split(m[1][1:], "."), nil), func(k string, _, v *yaml.Node) {
			if v != nil && v.Kind == yaml.ScalarNode {
				add(k, v.Value)
			}
		})
	}
}
