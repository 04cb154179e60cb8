// The Katib controller for the e2e test (test/e2e/README.md, "Real controllers").
//
// Upstream's cmd/katib-controller/v1beta1, wired the same way (same scheme, --katib-config
// file, viper settings, manager, cert generator, probes, controllers and webhooks), with a few
// flags of ours that a pod does not need: this process runs outside a pod, beside the other e2e
// runs on the machine, and upstream fixes what they would move:
//   - the webhook server's CertDir is a constant (/tmp/cert, the Secret's mount path):
//     --cert-dir points it at the harness's copy of that mount;
//   - the webhook port, metrics and health addresses come from the config file only:
//     --webhook-port, --metrics-addr and --healthz-addr override them with free ports.
// Each defaults to upstream's behaviour.
package main

import (
	"flag"
	"os"

	"github.com/spf13/viper"
	"k8s.io/apimachinery/pkg/runtime"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	"sigs.k8s.io/controller-runtime/pkg/client/config"
	"sigs.k8s.io/controller-runtime/pkg/healthz"
	logf "sigs.k8s.io/controller-runtime/pkg/log"
	"sigs.k8s.io/controller-runtime/pkg/log/zap"
	"sigs.k8s.io/controller-runtime/pkg/manager"
	"sigs.k8s.io/controller-runtime/pkg/manager/signals"
	metricsserver "sigs.k8s.io/controller-runtime/pkg/metrics/server"
	"sigs.k8s.io/controller-runtime/pkg/webhook"

	configv1beta1 "github.com/kubeflow/katib/pkg/apis/config/v1beta1"
	apis "github.com/kubeflow/katib/pkg/apis/controller"
	cert "github.com/kubeflow/katib/pkg/certgenerator/v1beta1"
	controller "github.com/kubeflow/katib/pkg/controller.v1beta1"
	"github.com/kubeflow/katib/pkg/controller.v1beta1/consts"
	"github.com/kubeflow/katib/pkg/util/v1beta1/katibconfig"
	webhookv1beta1 "github.com/kubeflow/katib/pkg/webhook/v1beta1"
)

var (
	scheme = runtime.NewScheme()
	log    = logf.Log.WithName("entrypoint")
)

func init() {
	utilruntime.Must(apis.AddToScheme(scheme))
	utilruntime.Must(configv1beta1.AddToScheme(scheme))
	utilruntime.Must(clientgoscheme.AddToScheme(scheme))
}

func main() {
	logf.SetLogger(zap.New())

	var katibConfigFile string
	flag.StringVar(&katibConfigFile, "katib-config", "",
		"The katib-controller will load its initial configuration from this file. "+
			"Omit this flag to use the default configuration values. ")
	// Ours (see the header).
	certDir := flag.String("cert-dir", consts.CertDir, "e2e: where the webhook certificate Secret is mounted")
	webhookPort := flag.Int("webhook-port", 0, "e2e: webhook server port (default: the config file's)")
	metricsAddr := flag.String("metrics-addr", "", "e2e: metrics server address (default: the config file's)")
	healthzAddr := flag.String("healthz-addr", "", "e2e: health probe address (default: the config file's)")
	flag.Parse()

	initConfig, err := katibconfig.GetInitConfigData(scheme, katibConfigFile)
	if err != nil {
		log.Error(err, "Failed to get KatibConfig")
		os.Exit(1)
	}
	if *webhookPort != 0 {
		initConfig.ControllerConfig.WebhookPort = webhookPort
	}
	if *metricsAddr != "" {
		initConfig.ControllerConfig.MetricsAddr = *metricsAddr
	}
	if *healthzAddr != "" {
		initConfig.ControllerConfig.HealthzAddr = *healthzAddr
	}

	viper.Set(consts.ConfigExperimentSuggestionName, initConfig.ControllerConfig.ExperimentSuggestionName)
	viper.Set(consts.ConfigInjectSecurityContext, initConfig.ControllerConfig.InjectSecurityContext)
	viper.Set(consts.ConfigEnableGRPCProbeInSuggestion, initConfig.ControllerConfig.EnableGRPCProbeInSuggestion)

	trialGVKs, err := katibconfig.TrialResourcesToGVKs(initConfig.ControllerConfig.TrialResources)
	if err != nil {
		log.Error(err, "Failed to parse trialResources")
		os.Exit(1)
	}
	viper.Set(consts.ConfigTrialResources, trialGVKs)

	log.Info("Config:",
		consts.ConfigExperimentSuggestionName, viper.GetString(consts.ConfigExperimentSuggestionName),
		"webhook-port", *initConfig.ControllerConfig.WebhookPort,
		"metrics-addr", initConfig.ControllerConfig.MetricsAddr,
		"healthz-addr", initConfig.ControllerConfig.HealthzAddr,
		"cert-dir", *certDir,
		consts.ConfigInjectSecurityContext, viper.GetBool(consts.ConfigInjectSecurityContext),
		consts.ConfigEnableGRPCProbeInSuggestion, viper.GetBool(consts.ConfigEnableGRPCProbeInSuggestion),
		"trial-resources", viper.Get(consts.ConfigTrialResources),
	)

	cfg, err := config.GetConfig()
	if err != nil {
		log.Error(err, "Fail to get the config")
		os.Exit(1)
	}

	mgr, err := manager.New(cfg, manager.Options{
		Metrics:                metricsserver.Options{BindAddress: initConfig.ControllerConfig.MetricsAddr},
		HealthProbeBindAddress: initConfig.ControllerConfig.HealthzAddr,
		LeaderElection:         initConfig.ControllerConfig.EnableLeaderElection,
		LeaderElectionID:       initConfig.ControllerConfig.LeaderElectionID,
		Scheme:                 scheme,
	})
	if err != nil {
		log.Error(err, "Failed to create the manager")
		os.Exit(1)
	}

	log.Info("Registering Components.")
	hookServer := webhook.NewServer(webhook.Options{
		Port:    *initConfig.ControllerConfig.WebhookPort,
		CertDir: *certDir,
	})

	ctx := signals.SetupSignalHandler()
	certsReady := make(chan struct{})
	defer close(certsReady)

	go setupControllers(mgr, certsReady, hookServer)

	if initConfig.CertGeneratorConfig.Enable {
		// Upstream's generator writes its certificate to the constant CertDir: not moved here,
		// since our bundle uses cert-manager (katib-config has no certGenerator).
		if err = cert.AddToManager(mgr, initConfig.CertGeneratorConfig, certsReady); err != nil {
			log.Error(err, "Failed to set up cert-generator")
		}
	} else {
		certsReady <- struct{}{}
	}

	log.Info("Setting up health checker.")
	if err := mgr.AddReadyzCheck("readyz", hookServer.StartedChecker()); err != nil {
		log.Error(err, "Unable to add readyz endpoint to the manager")
		os.Exit(1)
	}
	if err = mgr.AddHealthzCheck("healthz", healthz.Ping); err != nil {
		log.Error(err, "Add webhook server health checker to the manager failed")
		os.Exit(1)
	}

	log.Info("Starting the manager.")
	if err = mgr.Start(ctx); err != nil {
		log.Error(err, "Unable to run the manager")
		os.Exit(1)
	}
}

func setupControllers(mgr manager.Manager, certsReady chan struct{}, hookServer webhook.Server) {
	<-certsReady
	log.Info("Certs ready")

	log.Info("Setting up controller.")
	if err := controller.AddToManager(mgr); err != nil {
		log.Error(err, "Unable to register controllers to the manager")
		os.Exit(1)
	}

	log.Info("Setting up webhooks.")
	if err := webhookv1beta1.AddToManager(mgr, hookServer); err != nil {
		log.Error(err, "Unable to register webhooks to the manager")
		os.Exit(1)
	}
}
