package main

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// signIn signs the administrator in through the sign-in form and returns
// the session cookie a browser would send.
func signIn(base string) (string, error) {
	form := url.Values{"name": {adminName}, "password": {adminPassword}}
	req, err := http.NewRequest("POST", base+"/signin", strings.NewReader(form.Encode()))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin") // what a browser sends on its own form
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Do(req)
	if err != nil {
		return "", err
	}
	defer res.Body.Close()
	_, _ = io.Copy(io.Discard, res.Body)
	for _, ck := range res.Cookies() {
		if ck.Name == "opslens_session" {
			return ck.Name + "=" + ck.Value, nil
		}
	}
	return "", fmt.Errorf("sign in as %s: status %d and no session cookie", adminName, res.StatusCode)
}

// view is one dashboard request: the web page for a signed-in
// administrator or the API's first page of workloads.
type view struct {
	name   string
	target vegeta.Target
}

func dashboardViews(base, cookie, token string) []view {
	return []view{
		{"GET / (admin, 10,000 workloads)", vegeta.Target{Method: "GET", URL: base + "/",
			Header: http.Header{"Cookie": {cookie}}}},
		{"GET /api/v1/workloads MaxResults=100", vegeta.Target{Method: "GET", URL: base + "/api/v1/workloads?MaxResults=100",
			Header: http.Header{"Authorization": {"Bearer " + token}}}},
	}
}

// measureViews measures each view twice: one user at a time (the time a
// person waits for the page), then `users` users at once as fast as they
// can go (what the server sustains).
func measureViews(views []view, users, sequential int, d time.Duration) ([]attackResult, error) {
	var out []attackResult
	for _, v := range views {
		if err := checkView(v); err != nil {
			return nil, err
		}
		tr := vegeta.NewStaticTargeter(v.target)
		out = append(out, attack(v.name+" x1", tr, 1, 0, time.Duration(sequential)*time.Second, nil, nil))
		out = append(out, attack(fmt.Sprintf("%s x%d", v.name, users), tr, users, 0, d, nil, nil))
	}
	return out, nil
}

// checkView makes one request and insists on a 200, so the figures are not
// those of a redirect or an error page.
func checkView(v view) error {
	req, err := v.target.Request()
	if err != nil {
		return err
	}
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	n, _ := io.Copy(io.Discard, res.Body)
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: status %d", v.name, res.StatusCode)
	}
	logf("%s: %d bytes", v.name, n)
	return nil
}
