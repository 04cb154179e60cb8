// The Knative Serving controller for the e2e test: upstream's cmd/controller (knative.dev/serving
// at the wrapper's version) with one change, the port of the health-probe server.
//
// Why a main of ours: knative.dev/pkg's sharedmain serves the probes on a hard-coded :8080 (no
// flag, no env), on every interface. In the e2e the controller is a process on the host, so at
// every upgrade hop the next release's controller (started before the old one stops, as a
// rolling update) could not bind it, nor could two e2e runs on one machine; a failed bind ends
// sharedmain's errgroup and with it the process. Here sharedmain's probes are off and the same
// handler (injection.ServeHealthProbes) listens on --probes-port, which the harness sets to a
// free port. Everything else is upstream's: the same reconcilers, the same cert-manager check,
// sharedmain.MainWithConfig with the same component name ("controller"), so leader election,
// config maps, logging and observability behave as in the pod.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	netcfg "knative.dev/networking/pkg/config"
	"knative.dev/pkg/injection"
	"knative.dev/pkg/injection/sharedmain"
	"knative.dev/pkg/reconciler"
	"knative.dev/pkg/signals"
	"knative.dev/pkg/system"
	"knative.dev/serving/pkg/networking"
	"knative.dev/serving/pkg/reconciler/certificate"
	"knative.dev/serving/pkg/reconciler/configuration"
	"knative.dev/serving/pkg/reconciler/domainmapping"
	"knative.dev/serving/pkg/reconciler/gc"
	"knative.dev/serving/pkg/reconciler/labeler"
	"knative.dev/serving/pkg/reconciler/nscert"
	"knative.dev/serving/pkg/reconciler/revision"
	"knative.dev/serving/pkg/reconciler/route"
	"knative.dev/serving/pkg/reconciler/serverlessservice"
	"knative.dev/serving/pkg/reconciler/service"

	"knative.dev/serving/pkg/client/certmanager/injection/informers/acme/v1/challenge"
	v1certificate "knative.dev/serving/pkg/client/certmanager/injection/informers/certmanager/v1/certificate"
	"knative.dev/serving/pkg/client/certmanager/injection/informers/certmanager/v1/certificaterequest"
	"knative.dev/serving/pkg/client/certmanager/injection/informers/certmanager/v1/clusterissuer"
	"knative.dev/serving/pkg/client/certmanager/injection/informers/certmanager/v1/issuer"
)

// The reconcilers upstream's controller runs (the same list in v0.43 to v0.49).
var ctors = []injection.ControllerConstructor{
	configuration.NewController,
	labeler.NewController,
	revision.NewController,
	route.NewController,
	serverlessservice.NewController,
	service.NewController,
	gc.NewController,
	nscert.NewController,
	domainmapping.NewController,
}

func main() {
	flag.DurationVar(&reconciler.DefaultTimeout, "reconciliation-timeout", reconciler.DefaultTimeout,
		"The amount of time to give each reconciliation of a resource to complete before its context is canceled.")
	probesPort := flag.Int("probes-port", injection.HealthCheckDefaultPort,
		"Port of the /health and /readiness server (upstream: always 8080).")

	ctx := signals.NewContext()
	cfg := injection.ParseAndGetRESTConfigOrDie() // parses the flags
	client := kubernetes.NewForConfigOrDie(cfg)

	// As upstream: the certificate reconciler only when config-network asks for cert-manager.
	if certManagerRequired(ctx, client) {
		if err := certManagerCRDsExist(client); err != nil {
			log.Fatalf("Please install cert-manager: %v", err)
		}
		for _, inf := range []injection.InformerInjector{challenge.WithInformer, v1certificate.WithInformer, certificaterequest.WithInformer, clusterissuer.WithInformer, issuer.WithInformer} {
			injection.Default.RegisterInformer(inf)
		}
		ctors = append(ctors, certificate.NewController)
	}

	ctx = sharedmain.WithHealthProbesDisabled(ctx)
	go func() {
		if err := injection.ServeHealthProbes(ctx, *probesPort); err != nil {
			log.Fatalf("health probes on :%d: %v", *probesPort, err)
		}
	}()
	sharedmain.MainWithConfig(ctx, "controller", cfg, ctors...)
}

func certManagerRequired(ctx context.Context, client *kubernetes.Clientset) bool {
	cm, err := client.CoreV1().ConfigMaps(system.Namespace()).Get(ctx, "config-network", metav1.GetOptions{})
	if err != nil {
		log.Fatalf("Failed to get cm config-network: %v", err)
	}
	netCfg, err := netcfg.NewConfigFromMap(cm.Data)
	if err != nil {
		log.Fatalf("Failed to construct network config: %v", err)
	}
	return networking.IsNetCertManagerControllerRequired(netCfg)
}

// certManagerCRDsExist asks discovery for the kinds the certificate reconciler watches (upstream
// asks through cert-manager's clientset, whose import path changed at v0.44; same discovery call).
func certManagerCRDsExist(client *kubernetes.Clientset) error {
	for gv, names := range map[string][]string{
		"cert-manager.io/v1":      {"certificaterequests", "certificates", "clusterissuers", "issuers"},
		"acme.cert-manager.io/v1": {"challenges"},
	} {
		list, err := client.Discovery().ServerResourcesForGroupVersion(gv)
		if err != nil {
			return err
		}
		have := map[string]bool{}
		for _, r := range list.APIResources {
			have[r.Name] = true
		}
		for _, n := range names {
			if !have[n] {
				return fmt.Errorf("cert manager crds are missing: %s", n)
			}
		}
	}
	return nil
}
