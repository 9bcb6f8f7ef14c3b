package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// selfSigned writes a certificate for 127.0.0.1 and its key, and returns
// their paths and a client that trusts the certificate.
func selfSigned(t *testing.T) (certFile, keyFile string, client *http.Client) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "opslens test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	for path, block := range map[string]*pem.Block{certFile: {Type: "CERTIFICATE", Bytes: der}, keyFile: {Type: "EC PRIVATE KEY", Bytes: keyDER}} {
		if err := os.WriteFile(path, pem.EncodeToMemory(block), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	client = browser(t)
	client.Transport = &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}
	return certFile, keyFile, client
}

// TestServeTLS: with a certificate and key (flags or OPSLENS_TLS_*), the
// server speaks HTTPS only and its cookies are Secure.
func TestServeTLS(t *testing.T) {
	certFile, keyFile, client := selfSigned(t)
	tests := []struct {
		name      string
		env, args []string
	}{
		{"flags", nil, []string{"--tls-cert", certFile, "--tls-key", keyFile}},
		{"environment", []string{"OPSLENS_TLS_CERT=" + certFile, "OPSLENS_TLS_KEY=" + keyFile}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newCLI(t)
			c.admin("alice", "password-of-alice")
			srv := c.serve(tt.env, tt.args...)
			plain := srv.url
			srv.url = "https://" + strings.TrimPrefix(plain, "http://")
			if code, body := srv.get(client, "/healthz", ""); code != http.StatusOK {
				t.Errorf("GET /healthz over HTTPS: status %d\n%s", code, body)
			}
			if _, err := srv.getURL(srv.url + "/healthz"); err == nil || !strings.Contains(err.Error(), "certificate") {
				t.Errorf("a client that does not trust the certificate: error %v, want a certificate error", err)
			}
			res := srv.signIn(client, "alice", "password-of-alice")
			if cookie := res.Header.Get("Set-Cookie"); res.StatusCode != http.StatusSeeOther || !strings.Contains(cookie, "Secure") {
				t.Errorf("sign in over HTTPS: status %d, cookie %q; want 303 and a Secure cookie", res.StatusCode, cookie)
			}
			if res.Header.Get("Strict-Transport-Security") == "" {
				t.Errorf("no Strict-Transport-Security header over HTTPS")
			}
			if code, _ := srv.getURL(plain + "/healthz"); code == http.StatusOK {
				t.Errorf("plain HTTP to the HTTPS port got 200")
			}
		})
	}
}
