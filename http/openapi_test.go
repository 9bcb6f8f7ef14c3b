package http

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/api"
	"github.com/opslens/opslens/review"
)

// The OpenAPI document (openapi.json, OpenAPI 3.1) is checked against
// the server both ways: every route of the table under /api/ (and the
// health checks) is documented with its operationId and access level,
// every documented operation is in the table, and a real exercise of each
// operation over the socket gives responses that validate against their
// schemas. kin-openapi loads the document as 3.1 and validates with its
// JSON Schema 2020-12 validator (type arrays such as ["array", "null"]).

// Reports come as Markdown and HTML; kin-openapi decodes only text/plain
// of the text types by default.
func init() {
	openapi3filter.RegisterBodyDecoder("text/markdown", openapi3filter.PlainBodyDecoder)
	openapi3filter.RegisterBodyDecoder("text/html", openapi3filter.PlainBodyDecoder)
}

func loadOpenAPI(t *testing.T) *openapi3.T {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromData(openAPIDoc)
	if err != nil {
		t.Fatalf("load openapi.json: %v", err)
	}
	if !doc.IsOpenAPI31OrLater() {
		t.Fatalf("openapi.json is OpenAPI %s, want 3.1", doc.OpenAPI)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("openapi.json does not validate: %v", err)
	}
	return doc
}

// documented reports whether a route belongs in the document.
func documented(rt route) bool {
	return strings.HasPrefix(rt.pattern, "/api/") || rt.pattern == "/healthz" || rt.pattern == "/readyz"
}

func TestOpenAPIMatchesRouteTable(t *testing.T) {
	doc := loadOpenAPI(t)
	ts := newTestServer(t)
	inTable := map[string]bool{}
	for _, rt := range ts.table {
		if !documented(rt) {
			continue
		}
		key := rt.method + " " + rt.pattern
		inTable[key] = true
		item := doc.Paths.Find(rt.pattern)
		var op *openapi3.Operation
		if item != nil {
			op = item.GetOperation(rt.method)
		}
		if op == nil {
			t.Errorf("%s (%s) is not in openapi.json", key, rt.name)
			continue
		}
		if op.OperationID != rt.name {
			t.Errorf("%s: operationId %q, the route table says %q", key, op.OperationID, rt.name)
		}
		if got := op.Extensions["x-opslens-access"]; got != rt.access.String() {
			t.Errorf("%s: x-opslens-access %v, the route table says %s", key, got, rt.access)
		}
	}
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			if !inTable[method+" "+path] {
				t.Errorf("openapi.json documents %s %s, which the server does not serve", method, path)
			}
		}
	}
}

// exercise calls the API and validates each request and response against
// the document, recording which operations answered with success.
type exercise struct {
	t      *testing.T
	ts     *testServer
	router routers.Router
	ok     map[string]bool // operationIds that answered 2xx
}

func (ex *exercise) call(method, path, token string, body any, header map[string]string, want int) []byte {
	ex.t.Helper()
	var raw []byte
	if body != nil {
		raw, _ = json.Marshal(body)
	}
	req, _ := http.NewRequest(method, ex.ts.http.URL+path, bytes.NewReader(raw))
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	route, params, err := ex.router.FindRoute(req)
	if err != nil {
		ex.t.Fatalf("%s %s: not in openapi.json: %v", method, path, err)
	}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, IncludeResponseStatus: true}}
	if want < 300 {
		if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
			ex.t.Errorf("%s %s: the request does not match openapi.json: %v", method, path, err)
		}
		req.Body = io.NopCloser(bytes.NewReader(raw))
	}
	res := ex.ts.do(http.DefaultClient, req)
	b := readBody(ex.t, res)
	if res.StatusCode != want {
		ex.t.Fatalf("%s %s: status %d, want %d\n%s", method, path, res.StatusCode, want, b)
	}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: res.StatusCode, Header: res.Header,
		Body: io.NopCloser(bytes.NewReader(b)), Options: in.Options}
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		ex.t.Errorf("%s %s: the %d response does not match openapi.json: %v", method, path, res.StatusCode, err)
	}
	if res.StatusCode < 300 {
		ex.ok[route.Operation.OperationID] = true
	}
	return b
}

func (ex *exercise) decode(b []byte, v any) {
	ex.t.Helper()
	if err := json.Unmarshal(b, v); err != nil {
		ex.t.Fatalf("decode %s: %v", b, err)
	}
}

func TestOpenAPIResponses(t *testing.T) {
	doc := loadOpenAPI(t)
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	ts := newTestServerWith(t, Config{}, withScans(0))
	ex := &exercise{t: t, ts: ts, router: router, ok: map[string]bool{}}
	root := ts.token(ts.user("root", true))
	wp := ex.exerciseWorkloads(root)
	ex.exerciseReviews(root, wp)
	ex.exerciseRepositories(root, wp)
	ex.exerciseTemplates(root, wp)
	ex.exerciseAccess(root, wp)
	ex.exerciseLenses(root)
	ex.call("DELETE", wp, root, nil, nil, 204)
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			if !ex.ok[op.OperationID] {
				t.Errorf("%s %s (%s) was not exercised with success", method, path, op.OperationID)
			}
		}
	}
}

// exerciseWorkloads covers the health checks, the document, the caller
// and the workload operations, and returns the new workload's path.
func (ex *exercise) exerciseWorkloads(root string) string {
	ex.call("GET", "/healthz", "", nil, nil, 200)
	ex.call("GET", "/readyz", "", nil, nil, 200)
	ex.call("GET", "/api/v1/openapi.json", "", nil, nil, 200)
	ex.call("GET", "/api/v1/me", root, nil, nil, 200)
	ex.call("GET", "/api/v1/me", "", nil, nil, 401)
	var tok api.CreateTokenOutput
	ex.decode(ex.call("POST", "/api/v1/me/tokens", root, api.CreateTokenInput{Name: "ci", ExpiresInDays: 7}, nil, 201), &tok)
	ex.call("GET", "/api/v1/me/tokens", root, nil, nil, 200)
	ex.call("DELETE", "/api/v1/me/tokens/"+itoa(tok.Token.ID), root, nil, nil, 204)
	var made api.CreateWorkloadOutput
	ex.decode(ex.call("POST", "/api/v1/workloads", root, api.CreateWorkloadInput{
		WorkloadName: "payments", Description: "card payments", Environment: "PREPRODUCTION", ReviewOwner: "ann",
		Locations: []string{"eu-west-1"}, Tags: map[string]string{"tier": "1"}, ArchitecturalDesign: "https://example.com/design",
	}, nil, 201), &made)
	wp := "/api/v1/workloads/" + itoa(made.WorkloadId)
	ex.call("POST", "/api/v1/workloads", root, map[string]any{"WorkloadName": "x"}, nil, 400)
	ex.call("POST", "/api/v1/workloads", root, api.CreateWorkloadInput{WorkloadName: "payments"}, nil, 409)
	ex.call("GET", "/api/v1/workloads?MaxResults=1", root, nil, nil, 200)
	ex.call("GET", "/api/v1/workloads?NextToken=nonsense", root, nil, nil, 400)
	ex.call("GET", wp, root, nil, nil, 200)
	ex.call("GET", "/api/v1/workloads/999999", root, nil, nil, 404)
	ex.call("PATCH", wp, root, map[string]any{"Notes": "n"}, map[string]string{"If-Match": `"1"`}, 200)
	ex.call("PATCH", wp, root, map[string]any{"Notes": "m"}, map[string]string{"If-Match": `"1"`}, 409)
	return wp
}

// exerciseReviews covers lens reviews, answers, plans, reports and
// milestones.
func (ex *exercise) exerciseReviews(root, wp string) {
	lr := wp + "/lensReviews/" + review.DefaultLens
	ex.call("GET", wp+"/lensReviews", root, nil, nil, 200)
	ex.call("GET", lr, root, nil, nil, 200)
	ex.call("GET", wp+"/lensReviews/nope", root, nil, nil, 404)
	ex.call("PATCH", lr+"/answers/OPS01", root, map[string]any{"SelectedChoices": []string{"OPS01_BP01"},
		"ChoiceUpdates": map[string]any{"OPS01_BP02": map[string]any{"Status": "NOT_APPLICABLE", "Reason": "OUT_OF_SCOPE", "Notes": "n"}},
		"Notes":         "first", "ClientVersion": 0}, nil, 200)
	ex.call("PATCH", lr+"/answers/OPS01", root, map[string]any{"Notes": "stale"}, map[string]string{"If-Match": `"0"`}, 409)
	ex.call("PATCH", lr+"/answers/OPS02", root, map[string]any{"IsApplicable": false, "Reason": "OTHER"}, nil, 200)
	ex.call("GET", lr+"/answers/OPS01", root, nil, nil, 200)
	ex.call("GET", lr+"/answers?MaxResults=2&PillarId=operationalExcellence", root, nil, nil, 200)
	ex.call("GET", lr+"/improvements", root, nil, nil, 200)
	for _, f := range []string{"markdown", "html", "json", "pdf"} {
		ex.call("GET", lr+"/report?Format="+f, root, nil, nil, 200)
	}
	ex.call("POST", wp+"/milestones", root, api.CreateMilestoneInput{MilestoneName: "baseline"}, nil, 201)
	ex.call("POST", wp+"/milestones", root, api.CreateMilestoneInput{MilestoneName: "baseline"}, nil, 409)
	ex.call("PATCH", lr+"/answers/OPS03", root, map[string]any{"SelectedChoices": []string{"OPS03_BP01"}}, nil, 200)
	ex.call("GET", wp+"/milestones", root, nil, nil, 200)
	ex.call("GET", wp+"/milestones/1", root, nil, nil, 200)
	ex.call("GET", wp+"/milestones/1/diff", root, nil, nil, 200)
	ex.call("GET", lr+"/answers/OPS03?MilestoneNumber=1", root, nil, nil, 200)
}

// exerciseAccess covers users, shares and the audit log.
func (ex *exercise) exerciseAccess(root, wp string) {
	var bob api.UserOutput
	ex.decode(ex.call("POST", "/api/v1/users", root, api.CreateUserInput{UserName: "bob", Password: "password-of-bob"}, nil, 201), &bob)
	bid := itoa(bob.User.ID)
	ex.call("GET", "/api/v1/users", root, nil, nil, 200)
	ex.call("PATCH", "/api/v1/users/"+bid, root, map[string]any{"Admin": false, "ClientVersion": bob.User.Version}, nil, 200)
	bobToken := ex.ts.token(bob.User)
	ex.call("GET", "/api/v1/users", bobToken, nil, nil, 403)
	ex.call("GET", wp, bobToken, nil, nil, 404)
	ex.call("POST", wp+"/shares", root, api.CreateShareInput{SharedWith: "bob", PermissionType: "READONLY"}, nil, 201)
	ex.call("GET", wp+"/shares", root, nil, nil, 200)
	ex.call("PATCH", wp+"/shares/"+bid, root, api.UpdateShareInput{PermissionType: string(opslens.RoleContributor)}, nil, 200)
	ex.call("PATCH", wp+"/shares/"+bid, bobToken, api.UpdateShareInput{PermissionType: "OWNER"}, nil, 403)
	ex.call("DELETE", wp+"/shares/"+bid, root, nil, nil, 204)
	ex.call("GET", wp+"/history?MaxResults=2", root, nil, nil, 200)
	ex.call("GET", "/api/v1/audit", root, nil, nil, 200)
	ex.call("DELETE", "/api/v1/users/"+bid, root, nil, nil, 204)
}

// exerciseLenses exports the built-in lens and imports it again as a
// custom one.
func (ex *exercise) exerciseLenses(root string) {
	ex.call("GET", "/api/v1/lenses", root, nil, nil, 200)
	doc := ex.call("GET", "/api/v1/lenses/"+review.DefaultLens+"/export", root, nil, nil, 200)
	ex.call("GET", "/api/v1/lenses/"+review.DefaultLens+"/export?Format=opslens", root, nil, nil, 200)
	ex.call("POST", "/api/v1/lenses", root, api.ImportLensInput{JSONString: string(doc), LensAlias: "team-ops"}, nil, 201)
	ex.call("POST", "/api/v1/lenses", root, api.ImportLensInput{JSONString: string(doc), LensAlias: "team-ops"}, nil, 409)
	ex.call("DELETE", "/api/v1/lenses/team-ops", root, nil, nil, 204)
	ex.call("DELETE", "/api/v1/lenses/team-ops", root, nil, nil, 404)
}

// exerciseRepositories registers a repository, queues a scan of it twice
// (the second finds the first waiting) and removes it.
func (ex *exercise) exerciseRepositories(root, wp string) {
	var made api.RepositoryOutput
	ex.decode(ex.call("POST", wp+"/repositories", root, api.CreateRepositoryInput{Location: "https://git.example.com/acme/payments.git", ScanEvery: "24h", Apply: true}, nil, 201), &made)
	ex.call("POST", wp+"/repositories", root, api.CreateRepositoryInput{Location: "relative/dir"}, nil, 400)
	ex.call("POST", wp+"/repositories", root, api.CreateRepositoryInput{Location: "/srv/x", ScanEvery: "1m"}, nil, 400)
	ex.call("POST", wp+"/repositories", root, api.CreateRepositoryInput{Location: made.Repository.Location}, nil, 409)
	rp := wp + "/repositories/" + itoa(made.Repository.RepositoryId)
	var first, second api.ScanOutput
	ex.decode(ex.call("POST", rp+"/scans", root, nil, nil, 202), &first)
	ex.decode(ex.call("POST", rp+"/scans", root, nil, nil, 200), &second)
	if !second.Duplicate || second.ScanRun.JobID != first.ScanRun.JobID || first.ScanRun.State != opslens.ScanQueued {
		ex.t.Errorf("scans: first %+v, second %+v", first, second)
	}
	var list api.ListRepositoriesOutput
	ex.decode(ex.call("GET", wp+"/repositories", root, nil, nil, 200), &list)
	if len(list.Repositories) != 1 || list.Repositories[0].LastRun == nil || list.Repositories[0].ScanEvery != "24h0m0s" {
		ex.t.Errorf("repositories: %+v", list)
	}
	ex.call("GET", wp+"/scans", root, nil, nil, 200)
	ex.call("DELETE", rp, root, nil, nil, 204)
	ex.call("DELETE", rp, root, nil, nil, 404)
}

// exerciseTemplates makes a template of a workload's answer, starts a
// workload with it, lists and deletes it.
func (ex *exercise) exerciseTemplates(root, wp string) {
	id, _ := strconv.ParseInt(wp[strings.LastIndex(wp, "/")+1:], 10, 64)
	ex.call("PATCH", wp+"/lensReviews/operational-excellence/answers/OPS10", root, map[string]any{"SelectedChoices": []string{"OPS10_BP01"}}, nil, 200)
	var made api.TemplateOutput
	ex.decode(ex.call("POST", "/api/v1/templates", root, api.CreateTemplateInput{TemplateName: "company-wide", FromWorkloadId: id, QuestionIds: []string{"OPS10"}}, nil, 201), &made)
	ex.call("POST", "/api/v1/templates", root, api.CreateTemplateInput{TemplateName: "company-wide", FromWorkloadId: id, QuestionIds: []string{"OPS10"}}, nil, 409)
	ex.call("POST", "/api/v1/templates", root, api.CreateTemplateInput{TemplateName: "x", FromWorkloadId: 999999}, nil, 400)
	ex.call("GET", "/api/v1/templates", root, nil, nil, 200)
	var w api.CreateWorkloadOutput
	ex.decode(ex.call("POST", "/api/v1/workloads", root, api.CreateWorkloadInput{WorkloadName: "from-template", TemplateName: "company-wide"}, nil, 201), &w)
	if w.Workload.RiskCounts["UNANSWERED"] != 10 {
		ex.t.Errorf("a workload from the template: %v", w.Workload.RiskCounts)
	}
	ex.call("POST", "/api/v1/workloads", root, api.CreateWorkloadInput{WorkloadName: "no-template", TemplateName: "nope"}, nil, 400)
	var p api.CreateWorkloadOutput
	ex.decode(ex.call("POST", "/api/v1/workloads", root, api.CreateWorkloadInput{WorkloadName: "profiled", Profile: map[string]string{"change": "daily"}}, nil, 201), &p)
	ex.call("PATCH", "/api/v1/workloads/"+itoa(p.WorkloadId), root, map[string]any{"Profile": map[string]string{"regulated": "yes"}}, nil, 200)
	ex.call("POST", "/api/v1/workloads", root, api.CreateWorkloadInput{WorkloadName: "badly-profiled", Profile: map[string]string{"mood": "good"}}, nil, 400)
	ex.call("DELETE", "/api/v1/templates/company-wide", root, nil, nil, 204)
	ex.call("DELETE", "/api/v1/templates/company-wide", root, nil, nil, 404)
}
