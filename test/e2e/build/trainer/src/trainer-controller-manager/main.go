// The Trainer controller manager for the e2e test (test/e2e/README.md, "Real controllers").
//
// Upstream's cmd/trainer-controller-manager, wired the same way (same scheme, flags, config
// file, manager, cert rotator, probes, controllers and webhooks), with a few flags of ours that
// a pod does not need: upstream reads in-pod paths no flag or config field can move, and this
// process runs outside a pod, beside the other e2e runs on the machine:
//   - the cert rotator's CertDir is a constant (/tmp/k8s-webhook-server/serving-certs, the
//     Secret's mount path): --cert-dir points it, and the webhook server, at the harness's copy
//     of that mount;
//   - the operator namespace (rotator Secret, webhook DNS name) and the leader election
//     namespace (config resourceNamespace "") come from the in-pod service account file
//     /var/run/secrets/kubernetes.io/serviceaccount/namespace: --namespace gives it;
//   - the webhook, metrics and health ports come from the config file only: --webhook-port,
//     --metrics-bind-address and --health-probe-bind-address override them with free ports.
// Each defaults to upstream's behaviour. What differs between Trainer versions is in
// v2_1.go and v2_2.go (build tag trainer_v2_1, set by ../../build.env).
package main

import (
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"
	"strings"

	certrotator "github.com/open-policy-agent/cert-controller/pkg/rotator"
	zaplog "go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	apiruntime "k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/healthz"
	"sigs.k8s.io/controller-runtime/pkg/log/zap"
	"sigs.k8s.io/controller-runtime/pkg/webhook"
	jobsetv1alpha2 "sigs.k8s.io/jobset/api/jobset/v1alpha2"
	schedulerpluginsv1alpha1 "sigs.k8s.io/scheduler-plugins/apis/scheduling/v1alpha1"
	volcanov1beta1 "volcano.sh/apis/pkg/apis/scheduling/v1beta1"

	configapi "github.com/kubeflow/trainer/v2/pkg/apis/config/v1alpha1"
	trainer "github.com/kubeflow/trainer/v2/pkg/apis/trainer/v1alpha1"
	"github.com/kubeflow/trainer/v2/pkg/config"
)

// Upstream's constants (pkg/util/cert and cmd/trainer-controller-manager).
const (
	upstreamCertDir    = "/tmp/k8s-webhook-server/serving-certs"
	inClusterNamespace = "/var/run/secrets/kubernetes.io/serviceaccount/namespace"
	defaultNamespace   = "kubeflow-system"
	caName             = "kubeflow-trainer-ca"
	caOrganization     = "kubeflow-trainer"
)

var (
	scheme   = apiruntime.NewScheme()
	setupLog = ctrl.Log.WithName("setup")
)

func init() {
	utilruntime.Must(clientgoscheme.AddToScheme(scheme))
	utilruntime.Must(configapi.AddToScheme(scheme))
	utilruntime.Must(trainer.AddToScheme(scheme))
	utilruntime.Must(jobsetv1alpha2.AddToScheme(scheme))
	utilruntime.Must(schedulerpluginsv1alpha1.AddToScheme(scheme))
	utilruntime.Must(volcanov1beta1.AddToScheme(scheme))
}

// operatorNamespace is upstream's cert.GetOperatorNamespace.
func operatorNamespace() string {
	if data, err := os.ReadFile(inClusterNamespace); err == nil {
		if ns := strings.TrimSpace(string(data)); ns != "" {
			return ns
		}
	}
	return defaultNamespace
}

func main() {
	var configFile string
	var enableHTTP2 bool
	flag.StringVar(&configFile, "config", "", "The controller will load its initial configuration from this file.")
	flag.BoolVar(&enableHTTP2, "enable-http2", false, "If set, HTTP/2 will be enabled for the metrics and webhook servers")
	versionFlags()
	// Ours (see the header).
	certDir := flag.String("cert-dir", upstreamCertDir, "e2e: where the webhook certificate Secret is mounted")
	namespace := flag.String("namespace", "", "e2e: the pod's namespace (default: upstream's, from the in-pod service account file)")
	webhookPort := flag.Int("webhook-port", 0, "e2e: webhook server port (default: the config file's)")
	metricsAddr := flag.String("metrics-bind-address", "", "e2e: metrics server address (default: the config file's)")
	healthAddr := flag.String("health-probe-bind-address", "", "e2e: health probe address (default: the config file's)")

	zapOpts := zap.Options{
		TimeEncoder: zapcore.RFC3339NanoTimeEncoder,
		ZapOpts:     []zaplog.Option{zaplog.AddCaller()},
	}
	zapOpts.BindFlags(flag.CommandLine)
	flag.Parse()
	ctrl.SetLogger(zap.New(zap.UseFlagOptions(&zapOpts)))

	setupLog.Info("Loading configuration", "configFile", configFile)
	options, cfg, err := config.Load(scheme, configFile, enableHTTP2)
	if err != nil {
		setupLog.Error(err, "Unable to load configuration")
		os.Exit(1)
	}
	if err := versionSetup(&options, &cfg); err != nil {
		setupLog.Error(err, "Unable to set feature gates")
		os.Exit(1)
	}

	ns := *namespace
	if ns == "" {
		ns = operatorNamespace()
	}
	if options.LeaderElection && options.LeaderElectionNamespace == "" {
		// What controller-runtime reads from the in-pod file when the config leaves it empty.
		options.LeaderElectionNamespace = ns
	}
	if s, ok := options.WebhookServer.(*webhook.DefaultServer); ok {
		// Upstream leaves CertDir unset (controller-runtime's default, upstreamCertDir with TMPDIR=/tmp).
		s.Options.CertDir = *certDir
		if *webhookPort != 0 {
			s.Options.Port = *webhookPort
		}
	} else if *certDir != upstreamCertDir || *webhookPort != 0 {
		setupLog.Error(errors.New("the config has no webhook port"), "cannot apply --cert-dir/--webhook-port")
		os.Exit(1)
	}
	if *metricsAddr != "" {
		options.Metrics.BindAddress = *metricsAddr
	}
	if *healthAddr != "" {
		options.HealthProbeBindAddress = *healthAddr
	}

	setupLog.Info("Creating manager")
	mgr, err := ctrl.NewManager(ctrl.GetConfigOrDie(), options)
	if err != nil {
		setupLog.Error(err, "unable to start manager")
		os.Exit(1)
	}

	certsReady := make(chan struct{})
	if config.IsCertManagementEnabled(&cfg) {
		setupLog.Info("Setting up certificate management")
		// Upstream's cert.ManageCerts, with the cert dir and namespace above.
		if err = certrotator.AddRotator(mgr, &certrotator.CertRotator{
			SecretKey:             types.NamespacedName{Namespace: ns, Name: cfg.CertManagement.WebhookSecretName},
			CertDir:               *certDir,
			CAName:                caName,
			CAOrganization:        caOrganization,
			DNSName:               fmt.Sprintf("%s.%s.svc", cfg.CertManagement.WebhookServiceName, ns),
			IsReady:               certsReady,
			Webhooks:              rotatedWebhooks,
			RequireLeaderElection: false,
		}); err != nil {
			setupLog.Error(err, "unable to set up cert rotation")
			os.Exit(1)
		}
	} else {
		setupLog.Info("Certificate management is disabled, certificates must be provided externally")
		close(certsReady)
	}

	ctx := ctrl.SetupSignalHandler()

	setupProbeEndpoints(mgr, certsReady)
	runtimes, err := newRuntimes(ctx, mgr, &cfg)
	if err != nil {
		setupLog.Error(err, "Could not initialize runtimes")
		os.Exit(1)
	}
	go func() {
		setupLog.Info("Waiting for certificate generation to complete")
		<-certsReady
		setupLog.Info("Certs ready")
		setupComponents(mgr, runtimes, &cfg, enableHTTP2)
	}()

	setupLog.Info("Starting manager")
	if err = mgr.Start(ctx); err != nil {
		setupLog.Error(err, "Could not run manager")
		os.Exit(1)
	}
}

// setupProbeEndpoints is upstream's: ready once the certs are there and the webhook server listens.
func setupProbeEndpoints(mgr ctrl.Manager, certsReady <-chan struct{}) {
	defer setupLog.Info("Probe endpoints are configured on healthz and readyz")
	if err := mgr.AddHealthzCheck("healthz", healthz.Ping); err != nil {
		setupLog.Error(err, "unable to set up health check")
		os.Exit(1)
	}
	if err := mgr.AddReadyzCheck("readyz", func(req *http.Request) error {
		select {
		case <-certsReady:
			return mgr.GetWebhookServer().StartedChecker()(req)
		default:
			return errors.New("certificates are not ready")
		}
	}); err != nil {
		setupLog.Error(err, "unable to set up ready check")
		os.Exit(1)
	}
}
