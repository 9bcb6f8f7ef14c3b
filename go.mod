module github.com/opslens/opslens

go 1.26.8

// Direct dependencies, and why:
//   - cobra/pflag: subcommands, help with examples and flag parsing as in
//     kubectl, gh and hugo; users know its conventions.
//   - x/term: terminal detection and width for colour and wrapping.
//   - modernc.org/sqlite: SQLite in pure Go, so `go install` and
//     cross-compiling need no C toolchain.
//   - staticcheck (tool): pinned here so CI and developers run the same
//     version with `go tool staticcheck`.
//   - gojsonschema (tests only): validates `opslens scan --format sarif`
//     against the official SARIF 2.1.0 schema (a JSON Schema draft-04
//     document); go-sarif already depends on it, so it adds no module.
//
// The repository scanner (package evidence, issue 6):
//   - go.yaml.in/yaml/v4: YAML with line numbers and custom tags
//     (CloudFormation !Ref); gopkg.in/yaml.v3 is no longer maintained.
//   - hashicorp/hcl/v2 (+ zclconf/go-cty for literal values): Terraform and
//     OpenTofu syntax, parsed and never evaluated.
//   - yuin/goldmark: CommonMark structure (headings, lists, tables) of
//     runbooks, postmortems and ADRs.
//   - BurntSushi/toml: pyproject.toml, samconfig.toml, Vector, Hugo configs.
//   - x/mod/modfile: go.mod exactly as the go command reads it.
//   - go-git (its gitignore matcher only): .gitignore rules when a
//     directory is scanned outside git; git itself lists files in a repo.
//   - owenrumney/go-sarif/v3: SARIF 2.1.0 for code-scanning services.
//   - schollz/progressbar/v3: the scan's progress bar on a terminal.
//
// The server (packages http and account, issue 7):
//   - net/http itself routes (method and wildcard patterns) and guards
//     forms against cross-site requests (http.CrossOriginProtection).
//   - alexedwards/scs/v2: sessions (renewal on sign-in, idle and absolute
//     expiry) over our own store, so the database is all a server needs.
//   - x/crypto/argon2: argon2id password hashes.
//   - prometheus/client_golang: /metrics in the format every scraper reads.
//   - getkin/kin-openapi (tests only): checks the API against its OpenAPI
//     document, both ways, and responses against their schemas.
//   - chromedp (tests only): drives Debian's chromium for browser tests
//     without a WebDriver binary.
//   - tsenart/vegeta/v12 (bench only): the load generator of bench/serve.
//
// Scale-out (package postgres, issue 8):
//   - jackc/pgx/v5 with pgxpool: the PostgreSQL driver Go services use,
//     native protocol (COPY, arrays, jsonb) and a pool with limits; no
//     database/sql layer in between since only this package talks to it.
//   - riverqueue/river (+ riverpgxv5, riversqlite): background scans as
//     jobs in the database opslens already has; one job runs on one worker
//     at a time, is retried with backoff, and is rescued from a dead
//     worker. Its SQLite driver keeps the embedded default self-contained.
//
// What a review hands over (issue 9):
//   - johnfercher/maroto/v2: PDF reports laid out in Go (rows and columns,
//     page breaks, page numbers) on gofpdf, with fonts embedded; no browser
//     at run time. go-pdf/fpdf itself is archived.
//   - x/image (gofont): the Go fonts, embedded in every PDF so it reads
//     and prints the same everywhere; BSD-licensed like Go.
//   - xuri/excelize/v2: XLSX workbooks with drop-down lists, read back cell
//     by cell, for reviews answered offline in a spreadsheet.
require (
	github.com/spf13/cobra v1.10.2
	github.com/spf13/pflag v1.0.9
	github.com/xeipuuv/gojsonschema v1.2.0
	golang.org/x/term v0.47.0
	modernc.org/sqlite v1.62.0
)

// Scanner dependencies; the comment above says why each is here.
require (
	github.com/BurntSushi/toml v1.6.0
	github.com/go-git/go-git/v5 v5.19.3
	github.com/hashicorp/hcl/v2 v2.25.0
	github.com/owenrumney/go-sarif/v3 v3.3.1
	github.com/schollz/progressbar/v3 v3.19.1
	github.com/yuin/goldmark v1.8.7
	github.com/zclconf/go-cty v1.19.0
	go.yaml.in/yaml/v4 v4.0.0
	golang.org/x/mod v0.42.0
)

require (
	github.com/alexedwards/scs/v2 v2.9.0
	github.com/chromedp/chromedp v0.23.0
	github.com/getkin/kin-openapi v0.153.0
	github.com/jackc/pgx/v5 v5.12.0
	github.com/johnfercher/maroto/v2 v2.3.3
	github.com/prometheus/client_golang v1.25.0
	github.com/riverqueue/river v0.51.1
	github.com/riverqueue/river/riverdriver v0.51.1
	github.com/riverqueue/river/riverdriver/riverpgxv5 v0.51.1
	github.com/riverqueue/river/riverdriver/riversqlite v0.51.1
	github.com/riverqueue/river/rivertype v0.51.1
	github.com/tsenart/vegeta/v12 v12.13.0
	github.com/xuri/excelize/v2 v2.11.1
	golang.org/x/crypto v0.58.0
	golang.org/x/image v0.44.0
)

require (
	github.com/agext/levenshtein v1.2.1 // indirect
	github.com/apparentlymart/go-textseg/v15 v15.0.0 // indirect
	github.com/apparentlymart/go-textseg/v17 v17.0.1 // indirect
	github.com/beorn7/perks v1.0.1 // indirect
	github.com/boombuler/barcode v1.0.1 // indirect
	github.com/cespare/xxhash/v2 v2.3.0 // indirect
	github.com/chromedp/cdproto v0.159.0 // indirect
	github.com/dustin/go-humanize v1.1.0 // indirect
	github.com/f-amaral/go-async v0.3.0 // indirect
	github.com/go-git/gcfg v1.5.1-0.20230307220236-3a3c6141e376 // indirect
	github.com/go-git/go-billy/v5 v5.9.2 // indirect
	github.com/go-json-experiment/json v0.0.0-20260213210345-44df1a37e875 // indirect
	github.com/go-openapi/jsonpointer v0.22.5 // indirect
	github.com/go-openapi/swag/jsonname v0.25.5 // indirect
	github.com/google/uuid v1.6.0 // indirect
	github.com/gorilla/mux v1.8.0 // indirect
	github.com/hhrutter/lzw v1.0.0 // indirect
	github.com/hhrutter/tiff v1.0.1 // indirect
	github.com/inconshreveable/mousetrap v1.1.0 // indirect
	github.com/influxdata/tdigest v0.0.1 // indirect
	github.com/jackc/pgpassfile v1.0.0 // indirect
	github.com/jackc/pgservicefile v0.0.0-20240606120523-5a60cdf6a761 // indirect
	github.com/jackc/puddle/v2 v2.2.3 // indirect
	github.com/jbenet/go-context v0.0.0-20150711004518-d14ea06fba99 // indirect
	github.com/johnfercher/go-tree v1.0.5 // indirect
	github.com/josharian/intern v1.0.0 // indirect
	github.com/mailru/easyjson v0.7.7 // indirect
	github.com/mattn/go-isatty v0.0.24 // indirect
	github.com/mattn/go-runewidth v0.0.16 // indirect
	github.com/mitchellh/colorstring v0.0.0-20190213212951-d06e56a500db // indirect
	github.com/mitchellh/go-wordwrap v1.0.1 // indirect
	github.com/munnerz/goautoneg v0.0.0-20191010083416-a7dc8b61c822 // indirect
	github.com/ncruces/go-strftime v1.1.0 // indirect
	github.com/pdfcpu/pdfcpu v0.6.0 // indirect
	github.com/phpdave11/gofpdf v1.4.3 // indirect
	github.com/pkg/errors v0.9.1 // indirect
	github.com/prometheus/client_model v0.6.3 // indirect
	github.com/prometheus/common v0.72.0 // indirect
	github.com/prometheus/procfs v0.22.0 // indirect
	github.com/remyoudompheng/bigfft v0.0.0-20230129092748-24d4a6f8daec // indirect
	github.com/richardlehane/mscfb v1.0.9 // indirect
	github.com/richardlehane/msoleps v1.0.6 // indirect
	github.com/riverqueue/river/rivershared v0.51.1 // indirect
	github.com/rivo/uniseg v0.4.7 // indirect
	github.com/rs/dnscache v0.0.0-20230804202142-fc85eb664529 // indirect
	github.com/santhosh-tekuri/jsonschema/v6 v6.0.3 // indirect
	github.com/tidwall/gjson v1.20.0 // indirect
	github.com/tidwall/match v1.2.0 // indirect
	github.com/tidwall/pretty v1.2.1 // indirect
	github.com/tidwall/sjson v1.2.5 // indirect
	github.com/tiendc/go-deepcopy v1.7.2 // indirect
	github.com/xeipuuv/gojsonpointer v0.0.0-20180127040702-4e3ac2762d5f // indirect
	github.com/xeipuuv/gojsonreference v0.0.0-20180127040603-bd5ef7bd5415 // indirect
	github.com/xuri/efp v0.0.3-0.20260924042702-217b81952dec // indirect
	github.com/xuri/nfp v0.0.2-0.20250530014748-2ddeb826f9a9 // indirect
	golang.org/x/exp/typeparams v0.0.0-20231108232855-2478ac86f678 // indirect
	golang.org/x/net v0.62.0 // indirect
	golang.org/x/sync v0.24.0 // indirect
	golang.org/x/sys v0.49.0 // indirect
	golang.org/x/text v0.43.0 // indirect
	golang.org/x/tools v0.52.0 // indirect
	google.golang.org/protobuf v1.36.12 // indirect
	gopkg.in/warnings.v0 v0.1.2 // indirect
	gopkg.in/yaml.v2 v2.4.0 // indirect
	honnef.co/go/tools v0.8.2 // indirect
	modernc.org/libc v1.80.1 // indirect
	modernc.org/mathutil v1.7.1 // indirect
	modernc.org/memory v1.12.1 // indirect
)

tool honnef.co/go/tools/cmd/staticcheck
