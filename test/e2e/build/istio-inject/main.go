// Test-only (e2e): renders Istio sidecar injection as `istioctl kube-inject` does, with Istio's
// own injection code and the injector templates, values and mesh config of the manifests given
// as arguments, for the workloads on stdin. Istio's release tags are not Go module versions, so
// the library is a pseudo-version of Istio's main branch (go.mod), not the release installed.
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"

	corev1 "k8s.io/api/core/v1"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/yaml"

	"istio.io/istio/pkg/config/mesh"
	"istio.io/istio/pkg/kube/inject"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: istio-inject MANIFEST.yaml... < workloads.yaml > injected.yaml")
		os.Exit(2)
	}
	maps := map[string]map[string]string{}
	for _, f := range os.Args[1:] {
		check(configMaps(f, maps))
	}
	injector, mc := maps["istio-sidecar-injector"], maps["istio"]
	if injector == nil || mc == nil {
		check(fmt.Errorf("no ConfigMap istio-system/istio-sidecar-injector or istio-system/istio in the manifests"))
	}
	cfg, err := inject.UnmarshalConfig([]byte(injector["config"]))
	check(err)
	templates, err := inject.ParseTemplates(cfg.RawTemplates)
	check(err)
	values, err := inject.NewValuesConfig(injector["values"])
	check(err)
	meshConfig, err := mesh.ApplyMeshConfigDefaults(mc["mesh"])
	check(err)
	check(inject.IntoResourceFile(nil, templates, values, "", meshConfig, os.Stdin, os.Stdout,
		func(w string) { fmt.Fprintln(os.Stderr, "warning:", w) }))
}

// configMaps collects the data of the ConfigMaps in istio-system from a multi-document file.
func configMaps(file string, into map[string]map[string]string) error {
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	r := utilyaml.NewYAMLReader(bufio.NewReader(f))
	for {
		doc, err := r.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
		var cm corev1.ConfigMap
		if yaml.Unmarshal(doc, &cm) == nil && cm.Kind == "ConfigMap" && cm.Namespace == "istio-system" {
			into[cm.Name] = cm.Data
		}
	}
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "istio-inject:", err)
		os.Exit(1)
	}
}
