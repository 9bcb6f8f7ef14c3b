package http

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/api"
	"github.com/opslens/opslens/review"
)

// apiRaw sends a raw body with headers, for what ts.api cannot express.
func (ts *testServer) apiRaw(method, path, token, body string, header map[string]string) *http.Response {
	ts.t.Helper()
	req, err := http.NewRequest(method, ts.http.URL+path, strings.NewReader(body))
	if err != nil {
		ts.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	return ts.do(http.DefaultClient, req)
}

// apiError decodes an error body and checks its status.
func apiError(t *testing.T, res *http.Response, status int) api.Error {
	t.Helper()
	var e api.Error
	body := readBody(t, res)
	if err := json.Unmarshal(body, &e); err != nil || res.StatusCode != status {
		t.Fatalf("status %d (want %d), body %s", res.StatusCode, status, body)
	}
	return e
}

func answerPath(w *opslens.Workload, q string) string {
	return "/api/v1/workloads/" + itoa(w.ID) + "/lensReviews/" + review.DefaultLens + "/answers/" + q
}

func TestAPIStaleVersions(t *testing.T) {
	ts := newTestServer(t)
	ann := ts.user("ann", false)
	tok := ts.token(ann)
	w := ts.workload("payments", ann)
	wpath := "/api/v1/workloads/" + itoa(w.ID)
	tests := []struct {
		name          string
		path          string
		first, second string            // bodies: the first lands, the second is stale
		header        map[string]string // sent with both
		check         func(t *testing.T, current map[string]any)
	}{
		{"answer, If-Match", answerPath(w, "OPS01"), `{"SelectedChoices":["OPS01_BP01"]}`, `{"SelectedChoices":["OPS01_BP02"]}`,
			map[string]string{"If-Match": `"0"`}, func(t *testing.T, cur map[string]any) {
				if cur["Version"] != 1.0 || cur["QuestionId"] != "OPS01" || cur["Risk"] == nil || !strings.Contains(jsonOf(cur["SelectedChoices"]), "OPS01_BP01") {
					t.Errorf("Current is not the stored api.Answer: %v", cur)
				}
			}},
		{"answer, ClientVersion", answerPath(w, "OPS02"), `{"Notes":"a","ClientVersion":0}`, `{"Notes":"b","ClientVersion":0}`,
			nil, func(t *testing.T, cur map[string]any) {
				if cur["Version"] != 1.0 || cur["Notes"] != "a" {
					t.Errorf("Current: %v", cur)
				}
			}},
		{"workload, If-Match", wpath, `{"Description":"first"}`, `{"Description":"second"}`,
			map[string]string{"If-Match": `"1"`}, func(t *testing.T, cur map[string]any) {
				if cur["Version"] != 2.0 || cur["Description"] != "first" || cur["WorkloadName"] != "payments" {
					t.Errorf("Current: %v", cur)
				}
			}},
		{"workload, ClientVersion", wpath, `{"Notes":"x","ClientVersion":2}`, `{"Notes":"y","ClientVersion":2}`,
			nil, func(t *testing.T, cur map[string]any) {
				if cur["Version"] != 3.0 || cur["Notes"] != "x" {
					t.Errorf("Current: %v", cur)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if res := ts.apiRaw("PATCH", tt.path, tok, tt.first, tt.header); res.StatusCode != 200 || res.Header.Get("ETag") == "" {
				t.Fatalf("first write: %d %s", res.StatusCode, readBody(t, res))
			}
			var e struct {
				api.Error
				Current map[string]any
			}
			res := ts.apiRaw("PATCH", tt.path, tok, tt.second, tt.header)
			if err := json.Unmarshal(readBody(t, res), &e); err != nil || res.StatusCode != 409 || e.Code != opslens.ECONFLICT {
				t.Fatalf("stale write: %d %+v", res.StatusCode, e)
			}
			tt.check(t, e.Current)
		})
	}
}

func jsonOf(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestAPIBadBodies(t *testing.T) {
	ts := newTestServer(t)
	ann := ts.user("ann", true)
	tok := ts.token(ann)
	w := ts.workload("payments", ann)
	big := `{"Notes":"` + strings.Repeat("x", 2<<20) + `"}`
	tests := []struct {
		name, method, path, body string
		field, msg               string
	}{
		{"unknown field", "PATCH", answerPath(w, "OPS01"), `{"Selected":["OPS01_BP01"]}`, "Selected", "unknown field"},
		{"unknown field of a workload", "POST", "/api/v1/workloads", `{"WorkloadName":"abc","Colour":"red"}`, "Colour", "unknown field"},
		{"wrong type", "PATCH", answerPath(w, "OPS01"), `{"IsApplicable":"no"}`, "IsApplicable", "must be bool"},
		{"two values", "POST", "/api/v1/me/tokens", `{"Name":"a"}{"Name":"b"}`, "", "more than one JSON value"},
		{"empty body", "POST", "/api/v1/workloads/" + itoa(w.ID) + "/milestones", ``, "", "the body is empty"},
		{"over the size limit", "PATCH", answerPath(w, "OPS01"), big, "", "larger than 1048576 bytes"},
		{"unknown choice", "PATCH", answerPath(w, "OPS01"), `{"SelectedChoices":["OPS01_BP99"]}`, "SelectedChoices", "OPS01_BP99"},
		{"choice update status", "PATCH", answerPath(w, "OPS01"), `{"ChoiceUpdates":{"OPS01_BP01":{"Status":"MAYBE"}}}`, "ChoiceUpdates", "MAYBE"},
		{"reason without not applicable", "PATCH", answerPath(w, "OPS01"), `{"Reason":"OTHER"}`, "Reason", "IsApplicable"},
		{"unknown reason", "PATCH", answerPath(w, "OPS01"), `{"IsApplicable":false,"Reason":"LAZY"}`, "Reason", "LAZY"},
		{"question notes too long", "PATCH", answerPath(w, "OPS01"), `{"Notes":"` + strings.Repeat("n", 2085) + `"}`, "Notes", "limit is 2084"},
		{"short workload name", "POST", "/api/v1/workloads", `{"WorkloadName":"ab"}`, "WorkloadName", "3 to 100"},
		{"bad environment", "POST", "/api/v1/workloads", `{"WorkloadName":"abc","Environment":"moon"}`, "Environment", "moon"},
		{"unknown lens", "POST", "/api/v1/workloads", `{"WorkloadName":"abc","Lenses":["nope"]}`, "Lenses", "nope"},
		{"bad design URL", "PATCH", "/api/v1/workloads/" + itoa(w.ID), `{"ArchitecturalDesign":"ftp://x"}`, "ArchitecturalDesign", "http(s)"},
		{"bad pillar priority", "PATCH", "/api/v1/workloads/" + itoa(w.ID), `{"PillarPriorities":["cost"]}`, "PillarPriorities", "cost"},
		{"empty milestone name", "POST", "/api/v1/workloads/" + itoa(w.ID) + "/milestones", `{"MilestoneName":" "}`, "MilestoneName", "1 to 100"},
		{"bad role", "POST", "/api/v1/workloads/" + itoa(w.ID) + "/shares", `{"SharedWith":"ann","PermissionType":"KING"}`, "PermissionType", "KING"},
		{"unknown user", "POST", "/api/v1/workloads/" + itoa(w.ID) + "/shares", `{"SharedWith":"zed","PermissionType":"READONLY"}`, "SharedWith", "zed"},
		{"short password", "POST", "/api/v1/users", `{"UserName":"bob","Password":"short"}`, "Password", "at least 10"},
		{"bad user name", "POST", "/api/v1/users", `{"UserName":"b o b"}`, "UserName", "letters, digits"},
		{"token expiry", "POST", "/api/v1/me/tokens", `{"Name":"ci","ExpiresInDays":-1}`, "ExpiresInDays", "ExpiresInDays"},
		{"lens document", "POST", "/api/v1/lenses", `{"JSONString":"{}"}`, "JSONString", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := apiError(t, ts.apiRaw(tt.method, tt.path, tok, tt.body, nil), http.StatusBadRequest)
			if e.Code != opslens.EINVALID || e.Field != tt.field || !strings.Contains(e.Message, tt.msg) {
				t.Errorf("got %+v, want field %q and a message with %q", e, tt.field, tt.msg)
			}
		})
	}
	// Nothing was stored by any of them.
	var list api.ListWorkloadsOutput
	ts.api("GET", "/api/v1/workloads", tok, nil, &list)
	var ans api.AnswerOutput
	ts.api("GET", answerPath(w, "OPS01"), tok, nil, &ans)
	if len(list.WorkloadSummaries) != 1 || list.WorkloadSummaries[0].Version != 1 || ans.Answer.Version != 0 {
		t.Errorf("a refused request changed state: %+v, answer %+v", list, ans.Answer)
	}
}

func TestAPITokenRevocation(t *testing.T) {
	ts := newTestServer(t)
	ann, bob := ts.user("ann", false), ts.user("bob", false)
	first := ts.token(ann)
	var made api.CreateTokenOutput
	if res := ts.api("POST", "/api/v1/me/tokens", first, api.CreateTokenInput{Name: "ci", ExpiresInDays: 30}, &made); res.StatusCode != 201 ||
		!strings.HasPrefix(made.Secret, "olt_") || made.Token.ExpiresAt.IsZero() {
		t.Fatalf("create token: %d %+v", res.StatusCode, made)
	}
	if res := ts.api("GET", "/api/v1/me", made.Secret, nil, nil); res.StatusCode != 200 {
		t.Fatalf("new token: %d", res.StatusCode)
	}
	list := readBody(t, ts.api("GET", "/api/v1/me/tokens", first, nil, nil))
	if strings.Contains(string(list), made.Secret) || !strings.Contains(string(list), `"ci"`) {
		t.Fatalf("token list shows a secret or misses the token: %s", list)
	}
	tokenPath := "/api/v1/me/tokens/" + itoa(made.Token.ID)
	if res := ts.api("DELETE", tokenPath, ts.token(bob), nil, nil); res.StatusCode != 404 {
		t.Fatalf("bob revoking ann's token: %d, want 404", res.StatusCode)
	}
	if res := ts.api("DELETE", tokenPath, first, nil, nil); res.StatusCode != 204 {
		t.Fatalf("revoke: %d", res.StatusCode)
	}
	e := apiError(t, ts.api("GET", "/api/v1/me", made.Secret, nil, nil), http.StatusUnauthorized)
	if e.Code != opslens.EUNAUTHORIZED {
		t.Errorf("revoked token: %+v", e)
	}
	if res := ts.api("GET", "/api/v1/me", first, nil, nil); res.StatusCode != 200 {
		t.Errorf("the other token stopped working: %d", res.StatusCode)
	}
}

// walk reads every page of a list operation, MaxResults at a time, and
// returns the items' values of key.
func walk(t *testing.T, ts *testServer, tok, path, list, key string, size int) []string {
	t.Helper()
	var got []string
	next := ""
	for pages := 0; ; pages++ {
		if pages > 100 {
			t.Fatal("NextToken never ends")
		}
		sep := "?"
		if strings.Contains(path, "?") {
			sep = "&"
		}
		url := path + sep + "MaxResults=" + itoa(int64(size))
		if next != "" {
			url += "&NextToken=" + next
		}
		var out map[string]json.RawMessage
		if res := ts.api("GET", url, tok, nil, &out); res.StatusCode != 200 {
			t.Fatalf("%s: %d", url, res.StatusCode)
		}
		var items []map[string]any
		if err := json.Unmarshal(out[list], &items); err != nil || len(items) > size {
			t.Fatalf("%s: %d items of %s (%v)", url, len(items), list, err)
		}
		for _, it := range items {
			got = append(got, jsonOf(it[key]))
		}
		next = ""
		if raw, ok := out["NextToken"]; ok {
			_ = json.Unmarshal(raw, &next)
		}
		if next == "" {
			return got
		}
	}
}

func TestAPIPagination(t *testing.T) {
	ts := newTestServer(t)
	ann := ts.user("ann", true)
	tok := ts.token(ann)
	var w *opslens.Workload
	for _, name := range []string{"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf"} {
		w = ts.workload(name, ann)
	}
	wp := "/api/v1/workloads/" + itoa(w.ID)
	tests := []struct {
		path, list, key string
		want            int
	}{
		{"/api/v1/workloads", "WorkloadSummaries", "WorkloadName", 7},
		{"/api/v1/workloads?WorkloadNamePrefix=C", "WorkloadSummaries", "WorkloadName", 1},
		{wp + "/lensReviews/" + review.DefaultLens + "/answers", "AnswerSummaries", "QuestionId", 11},
		{wp + "/lensReviews/" + review.DefaultLens + "/improvements", "ImprovementSummaries", "ChoiceId", 0},
		{"/api/v1/audit", "AuditEvents", "EventId", 7},
		{wp + "/history", "AuditEvents", "EventId", 1},
		{"/api/v1/users", "Users", "UserName", 1},
		{"/api/v1/lenses", "LensSummaries", "LensAlias", 1},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			all := walk(t, ts, tok, tt.path, tt.list, tt.key, 100)
			if len(all) < tt.want {
				t.Fatalf("%d items, want at least %d", len(all), tt.want)
			}
			for _, size := range []int{1, 3} {
				paged := walk(t, ts, tok, tt.path, tt.list, tt.key, size)
				if jsonOf(paged) != jsonOf(all) {
					t.Errorf("pages of %d: %v, want %v", size, paged, all)
				}
			}
			sep := "?"
			if strings.Contains(tt.path, "?") {
				sep = "&"
			}
			for param, value := range map[string]string{"NextToken": "bm90LW91cnM", "MaxResults": "0"} {
				e := apiError(t, ts.api("GET", tt.path+sep+param+"="+value, tok, nil, nil), http.StatusBadRequest)
				if e.Field != param || !strings.Contains(e.Message, param) {
					t.Errorf("bad %s: %+v", param, e)
				}
			}
		})
	}
}

func TestAPIUpdateAnswer(t *testing.T) {
	ts := newTestServer(t)
	ann := ts.user("ann", false)
	tok := ts.token(ann)
	w := ts.workload("payments", ann)
	path := answerPath(w, "OPS01")
	steps := []struct {
		body     string
		risk     opslens.Risk
		selected string
		check    func(a api.Answer) bool
	}{
		{`{"SelectedChoices":["OPS01_BP01","OPS01_BP02"]}`, opslens.RiskHigh, `["OPS01_BP01","OPS01_BP02"]`, nil},
		{`{"ChoiceUpdates":{"OPS01_BP03":{"Status":"NOT_APPLICABLE","Reason":"OUT_OF_SCOPE","Notes":"no"}}}`, opslens.RiskHigh,
			`["OPS01_BP01","OPS01_BP02"]`, func(a api.Answer) bool {
				return jsonOf(a.ChoiceAnswers) != "" && strings.Contains(jsonOf(a.ChoiceAnswers), "OUT_OF_SCOPE")
			}},
		{`{"SelectedChoices":["OPS01_BP04"]}`, opslens.RiskHigh, `["OPS01_BP04"]`,
			func(a api.Answer) bool {
				return strings.Contains(jsonOf(a.ChoiceAnswers), `"OPS01_BP03","Status":"NOT_APPLICABLE"`)
			}},
		{`{"SelectedChoices":["OPS01_BP01","OPS01_BP02","OPS01_BP04","OPS01_BP05","OPS01_BP06"]}`, opslens.RiskNone, `["OPS01_BP01","OPS01_BP02","OPS01_BP04","OPS01_BP05","OPS01_BP06"]`, nil},
		{`{"IsApplicable":false,"Reason":"BUSINESS_PRIORITIES","Notes":"later"}`, opslens.RiskNotApplicable, "", func(a api.Answer) bool { return a.Notes == "later" }},
		{`{"IsApplicable":true}`, opslens.RiskNone, "", nil},
	}
	for i, st := range steps {
		var out api.AnswerOutput
		res := ts.apiRaw("PATCH", path, tok, st.body, nil)
		if err := json.Unmarshal(readBody(t, res), &out); err != nil || res.StatusCode != 200 {
			t.Fatalf("step %d: %d %s", i, res.StatusCode, readBody(t, res))
		}
		a := out.Answer
		if a.Risk != st.risk || a.Version != int64(i+1) || res.Header.Get("ETag") != `"`+itoa(a.Version)+`"` ||
			(st.selected != "" && jsonOf(a.SelectedChoices) != st.selected) || (st.check != nil && !st.check(a)) {
			t.Errorf("step %d %s: got %+v", i, st.body, a)
		}
	}
}
