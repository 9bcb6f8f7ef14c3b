package evidence

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// .NET manifests: SDK-style project files (*.csproj, *.fsproj, *.vbproj)
// and Directory.Build.props with PackageReference, central package
// management (Directory.Packages.props, PackageVersion), and the older
// packages.config. Names are NuGet package IDs.

// depsDotnetTestPackages mark a test project: everything it references is test
// tooling, whatever its directory is called.
var depsDotnetTestPackages = map[string]bool{
	"microsoft.net.test.sdk": true, "xunit": true, "nunit": true, "mstest.testframework": true, "mstest": true,
}

// depsParseMSBuild reads PackageReference, PackageVersion and
// GlobalPackageReference items. PrivateAssets="all" marks analyzers and
// build tooling.
func depsParseMSBuild(p string, data []byte) ([]depDecl, error) {
	dec := depsXMLDecoder(data)
	var (
		out      []depDecl
		testProj bool
		cur      *depDecl // item whose child elements are being read
		field    string
		text     strings.Builder
	)
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return out, fmt.Errorf("parse %s: %w", p, err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			text.Reset()
			field = e.Name.Local
			if d, ok := depsMsbuildItem(p, e); ok {
				d.Line, _ = dec.InputPos()
				out = append(out, d)
				cur = &out[len(out)-1]
				if depsDotnetTestPackages[strings.ToLower(d.Name)] {
					testProj = true
				}
			}
		case xml.CharData:
			text.Write(e)
		case xml.EndElement:
			v := strings.TrimSpace(text.String())
			switch {
			case e.Name.Local == "IsTestProject" && strings.EqualFold(v, "true"):
				testProj = true
			case cur != nil && field == "PrivateAssets" && e.Name.Local == "PrivateAssets" && strings.EqualFold(v, "all"):
				cur.Scope = depsScopeDev
			}
			switch e.Name.Local {
			case "PackageReference", "PackageVersion", "GlobalPackageReference":
				cur = nil
			}
			text.Reset()
		}
	}
	if testProj {
		for i := range out {
			out[i].Scope = depsScopeDev
		}
	}
	return out, nil
}

func depsMsbuildItem(p string, e xml.StartElement) (depDecl, bool) {
	var scope depScope
	switch e.Name.Local {
	case "PackageReference":
		scope = depsScopeRuntime
	case "PackageVersion":
		scope = depsScopeManaged
	case "GlobalPackageReference":
		scope = depsScopeBuild
	default:
		return depDecl{}, false
	}
	name := depsXmlAttr(e, "Include")
	if name == "" {
		name = depsXmlAttr(e, "Update")
		if scope == depsScopeRuntime {
			scope = depsScopeManaged
		}
	}
	if name == "" || strings.Contains(name, "$(") {
		return depDecl{}, false
	}
	if strings.EqualFold(depsXmlAttr(e, "PrivateAssets"), "all") {
		scope = depsScopeDev
	}
	return depDecl{Eco: depsEcoDotnet, Name: name, Path: p, Scope: scope}, true
}

func depsXmlAttr(e xml.StartElement, name string) string {
	for _, a := range e.Attr {
		if strings.EqualFold(a.Name.Local, name) {
			return strings.TrimSpace(a.Value)
		}
	}
	return ""
}

// depsParsePackagesConfig reads the <package> entries of a packages.config.
func depsParsePackagesConfig(p string, data []byte) ([]depDecl, error) {
	dec := depsXMLDecoder(data)
	var out []depDecl
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return out, fmt.Errorf("parse packages.config: %w", err)
		}
		e, ok := tok.(xml.StartElement)
		if !ok || e.Name.Local != "package" {
			continue
		}
		id := depsXmlAttr(e, "id")
		if id == "" {
			continue
		}
		d := depDecl{Eco: depsEcoDotnet, Name: id, Path: p, Scope: depsScopeRuntime}
		d.Line, _ = dec.InputPos()
		if strings.EqualFold(depsXmlAttr(e, "developmentDependency"), "true") {
			d.Scope = depsScopeDev
		}
		out = append(out, d)
	}
}
