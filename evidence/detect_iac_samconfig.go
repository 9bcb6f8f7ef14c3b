package evidence

import (
	"bytes"
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"
	"go.yaml.in/yaml/v4"
)

// SAM CLI configuration (samconfig.toml, samconfig.yaml): each top-level
// table is a configuration environment ([default], [prod]) whose
// deploy.parameters say how `sam deploy` deploys the stack there.

// samEnv is one configuration environment of a samconfig file.
type samEnv struct {
	Name      string
	Line      int  // the line of its first table header or key
	Deploy    bool // sets deploy parameters
	StackName string
	Tags      [][2]string // stack tags given to sam deploy
	TagsLine  int
}

// samConfig is one samconfig file.
type samConfig struct {
	Path string
	Envs []samEnv
}

func isSAMConfig(p string) bool {
	switch path.Base(p) {
	case "samconfig.toml", "samconfig.yaml", "samconfig.yml":
		return !iacGenerated(p)
	}
	return false
}

// samConfigsOf returns the tree's samconfig files, read once per scan.
func samConfigsOf(t *Tree) []samConfig {
	v := iacMemo(t, "iac-samconfig", func() any {
		var out []samConfig
		for _, p := range t.Match(isSAMConfig) {
			var envs []samEnv
			if strings.HasSuffix(p, ".toml") {
				data := iacSource(t, p)
				if data == nil {
					continue
				}
				var err error
				if envs, err = parseSAMConfigTOML(data); err != nil {
					t.Warn(p, "not parsed as TOML: %s", err)
					continue
				}
			} else if docs, err := t.YAML(p); err == nil && len(docs) > 0 {
				envs = samEnvsYAML(docs[0])
			}
			if len(envs) > 0 {
				out = append(out, samConfig{Path: p, Envs: envs})
			}
		}
		return out
	})
	out, _ := v.([]samConfig)
	return out
}

// parseSAMConfigTOML reads the environments of a samconfig.toml. TOML
// decoding loses positions, so lines are found again in the text.
func parseSAMConfigTOML(data []byte) (envs []samEnv, err error) {
	defer func() {
		if r := recover(); r != nil {
			envs, err = nil, fmt.Errorf("parser failure: %v", r)
		}
	}()
	var doc map[string]any
	if _, err := toml.Decode(string(data), &doc); err != nil {
		return nil, err
	}
	lines := bytes.Split(data, []byte("\n"))
	names := make([]string, 0, len(doc))
	for k := range doc {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, name := range names {
		tbl, ok := doc[name].(map[string]any)
		if !ok {
			continue // version = 0.1
		}
		e := samEnv{Name: name, Line: tomlHeaderLine(lines, name)}
		params := tomlTable(tbl, "deploy", "parameters")
		if params != nil {
			e.Deploy = true
			e.StackName, _ = params["stack_name"].(string)
			if tags, ok := params["tags"]; ok {
				e.Tags = samTags(tags)
				e.TagsLine = tomlKeyLine(lines, name, "tags")
			}
		}
		envs = append(envs, e)
	}
	sort.SliceStable(envs, func(i, j int) bool { return envs[i].Line < envs[j].Line })
	return envs, nil
}

func tomlTable(tbl map[string]any, keys ...string) map[string]any {
	for _, k := range keys {
		next, ok := tbl[k].(map[string]any)
		if !ok {
			return nil
		}
		tbl = next
	}
	return tbl
}

// tomlHeaderLine finds the first table header of an environment:
// [prod], [prod.deploy.parameters] or ["prod".deploy].
func tomlHeaderLine(lines [][]byte, env string) int {
	for i, l := range lines {
		s := strings.TrimSpace(string(l))
		if !strings.HasPrefix(s, "[") {
			continue
		}
		s = strings.Trim(s, "[] \t")
		first := strings.Trim(strings.SplitN(s, ".", 2)[0], `"' `)
		if first == env {
			return i + 1
		}
	}
	return 0
}

// tomlKeyLine finds key inside the environment's deploy parameters table.
func tomlKeyLine(lines [][]byte, env, key string) int {
	in := false
	for i, l := range lines {
		s := strings.TrimSpace(string(l))
		if strings.HasPrefix(s, "[") {
			h := strings.ReplaceAll(strings.Trim(s, "[] \t"), `"`, "")
			in = h == env+".deploy.parameters"
			continue
		}
		if in {
			if k, _, ok := strings.Cut(s, "="); ok && strings.TrimSpace(k) == key {
				return i + 1
			}
		}
	}
	return 0
}

// samEnvsYAML reads the environments of a samconfig.yaml.
func samEnvsYAML(doc *yaml.Node) []samEnv {
	var envs []samEnv
	pairs(doc, func(name string, k, v *yaml.Node) {
		if v == nil || v.Kind != yaml.MappingNode {
			return
		}
		e := samEnv{Name: name, Line: k.Line}
		if params := get(v, "deploy", "parameters"); params != nil {
			e.Deploy = true
			e.StackName = str(params, "stack_name")
			if tags := get(params, "tags"); tags != nil {
				e.TagsLine = tags.Line
				if tags.Kind == yaml.ScalarNode {
					e.Tags = samTags(tags.Value)
				} else {
					var list []any
					for _, it := range items(tags) {
						if it != nil {
							list = append(list, it.Value)
						}
					}
					e.Tags = samTags(list)
				}
			}
		}
		envs = append(envs, e)
	})
	return envs
}

// samTags reads sam deploy's tags: one string `Owner="team a" Env=prod`
// or a list of "Key=Value" strings.
func samTags(v any) [][2]string {
	var words []string
	switch x := v.(type) {
	case string:
		words = splitQuoted(x)
	case []any:
		for _, it := range x {
			if s, ok := it.(string); ok {
				words = append(words, splitQuoted(s)...)
			}
		}
	}
	var out [][2]string
	for _, w := range words {
		if k, val, ok := strings.Cut(w, "="); ok && k != "" {
			out = append(out, [2]string{k, strings.Trim(val, `"'`)})
		}
	}
	return out
}

// splitQuoted splits on spaces outside double quotes, dropping the quotes.
func splitQuoted(s string) []string {
	var out []string
	var b strings.Builder
	quoted := false
	for _, r := range s {
		switch {
		case r == '"':
			quoted = !quoted
		case (r == ' ' || r == '\t' || r == '\n') && !quoted:
			if b.Len() > 0 {
				out = append(out, b.String())
				b.Reset()
			}
		default:
			b.WriteRune(r)
		}
	}
	if b.Len() > 0 {
		out = append(out, b.String())
	}
	return out
}
