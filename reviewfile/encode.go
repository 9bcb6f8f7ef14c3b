package reviewfile

import (
	"bytes"
	"fmt"

	"go.yaml.in/yaml/v4"
)

// header opens every file opslens writes, so a reader who finds it in a
// repository knows what it is and where its format is described.
const header = `# opslens review file: the Operational Excellence review of this workload,
# kept with its code. Format: docs/review-file.md in the opslens repository.
# 'opslens check' compares it with a fresh scan of the repository;
# 'opslens workload import' loads it into a shared opslens database.
`

// Encode writes the file as YAML with a header comment.
func Encode(f *File) ([]byte, error) {
	body, err := yaml.Dump(f, yaml.WithIndent(2), yaml.WithLineWidth(-1), yaml.WithFlowSimpleCollections())
	if err != nil {
		return nil, fmt.Errorf("encode review file: %w", err)
	}
	var b bytes.Buffer
	b.WriteString(header)
	b.Write(body)
	return b.Bytes(), nil
}
