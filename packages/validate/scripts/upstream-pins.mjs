// Upstream inputs of the generated schema data, pinned by sha256. Paths are relative to NEUROSCALE_SHARED.
// Provenance: $NEUROSCALE_SHARED/schemas/kubernetes/README.md and $NEUROSCALE_SHARED/crds/README.md.
// `url` is where the identical bytes can be fetched when the shared folder lacks the file.

export const KUBERNETES_SWAGGER = [
  {
    minor: '1.30',
    path: 'schemas/kubernetes/v1.30.1/swagger.json',
    sha256: '86dce48e9e83e503bef07a693656dd0e6a4420c00ce2ab7bb65609571bb38b86',
    url: 'https://raw.githubusercontent.com/kubernetes-client/javascript/549d88aa37f24d6c143474c192ccb50e3a15abfb/src/gen/swagger.json.unprocessed',
  },
  {
    minor: '1.31',
    path: 'schemas/kubernetes/v1.31.0/swagger.json',
    sha256: 'ac2a6f2fe9263f1ad488e9ca41640fd50753b603957e0027fd6453c412ea1b7d',
    url: 'https://raw.githubusercontent.com/kubernetes-client/python/35fb14eea81712128ab396592802159ef2fc3ecc/kubernetes/swagger.json.unprocessed',
  },
  {
    minor: '1.32',
    path: 'schemas/kubernetes/v1.32.0/swagger.json',
    sha256: '1e4e9bbe418662a8f7434754335401f455ebf2e17224f7a01e07e67d2b282518',
    url: 'https://raw.githubusercontent.com/kubernetes-client/javascript/f89c179b2db0a9f2c78ab6e40dd9f0a12ea946a3/src/gen/swagger.json.unprocessed',
  },
  {
    minor: '1.33',
    path: 'schemas/kubernetes/v1.33.0/swagger.json',
    sha256: '07855fb227fcede0acdfff1d7e52fdc4bfd98e99bf2c042c745f68719ade2876',
    url: 'https://raw.githubusercontent.com/kubernetes-client/javascript/09f2bbd337d07754943f109e99df22c1a0c95129/src/gen/swagger.json.unprocessed',
  },
  {
    minor: '1.34',
    path: 'schemas/kubernetes/v1.34.0/swagger.json',
    sha256: 'f0cb7a8eaad46df1883eeb494771d310609c859649aff668bba3d238ffcb1a6e',
    url: 'https://raw.githubusercontent.com/kubernetes-client/javascript/8452b86ef3b641222b5131f0442fdee8f4795380/src/gen/swagger.json.unprocessed',
  },
  {
    minor: '1.35',
    path: 'schemas/kubernetes/v1.35.0/swagger.json',
    sha256: '98a678cd7f4113d3aa3526ab8df98012763b37935078d39740c1c5052c1709e3',
    url: 'https://raw.githubusercontent.com/kubernetes-client/javascript/dc5e3b9ad0753805213074888ad72154f96bf800/src/gen/swagger.json.unprocessed',
  },
];

/** KServe v0.20.0, Kyverno v1.19.0, Argo CD v3.5.1, Knative Serving 1.23.0 (Apache-2.0). */
export const CRD_SOURCES = [
  {
    path: 'crds/kserve/serving.kserve.io_clusterstoragecontainers.yaml',
    sha256: '47ec2b6caeeb0c210d8be3138ed7d391f74043e3ed779177d36ceb4aa2a5d288',
    url: 'https://raw.githubusercontent.com/kserve/kserve/1fb781055dd1567164358233e1125142ca6ef1fe/config/crd/full/clusterstoragecontainer/serving.kserve.io_clusterstoragecontainers.yaml',
  },
  {
    path: 'crds/kserve/serving.kserve.io_llminferenceserviceconfigs.yaml',
    sha256: 'b25e19597ef22638deee22111c097d42ad62da58c25f1ef4a529f4cef1c93c2a',
    url: 'https://raw.githubusercontent.com/kserve/kserve/1fb781055dd1567164358233e1125142ca6ef1fe/config/crd/full/llmisvc/serving.kserve.io_llminferenceserviceconfigs.yaml',
  },
  {
    path: 'crds/kserve/serving.kserve.io_llminferenceservices.yaml',
    sha256: '4377745d253c5c6407ccd46aecdfadcea160ba77a0976dd2d112f0ca9a1ac53f',
    url: 'https://raw.githubusercontent.com/kserve/kserve/1fb781055dd1567164358233e1125142ca6ef1fe/config/crd/full/llmisvc/serving.kserve.io_llminferenceservices.yaml',
  },
  {
    path: 'crds/kserve/serving.kserve.io_localmodelcaches.yaml',
    sha256: '51d10e565a118af7da31250e99d6e8ff59bdc9f0e9fb4e4d1c1c3e2eb591bdef',
    url: 'https://raw.githubusercontent.com/kserve/kserve/1fb781055dd1567164358233e1125142ca6ef1fe/config/crd/full/localmodel/serving.kserve.io_localmodelcaches.yaml',
  },
  {
    path: 'crds/kserve/serving.kserve.io_localmodelnamespacecaches.yaml',
    sha256: 'bb8068a6f8ec9e48719429db76441dae23ee09866d57cd4354131b759f27d186',
    url: 'https://raw.githubusercontent.com/kserve/kserve/1fb781055dd1567164358233e1125142ca6ef1fe/config/crd/full/localmodel/serving.kserve.io_localmodelnamespacecaches.yaml',
  },
  {
    path: 'crds/kserve/serving.kserve.io_localmodelnodegroups.yaml',
    sha256: '189a262754e7f07e1ce34ef44352aaf75e755cacdf45e710a4dcab29e0751b45',
    url: 'https://raw.githubusercontent.com/kserve/kserve/1fb781055dd1567164358233e1125142ca6ef1fe/config/crd/full/localmodel/serving.kserve.io_localmodelnodegroups.yaml',
  },
  {
    path: 'crds/kserve/serving.kserve.io_localmodelnodes.yaml',
    sha256: '32bd25b665a3fb074128dd2c4186943760b7e1bcc32da3293b3820da09fea612',
    url: 'https://raw.githubusercontent.com/kserve/kserve/1fb781055dd1567164358233e1125142ca6ef1fe/config/crd/full/localmodel/serving.kserve.io_localmodelnodes.yaml',
  },
  {
    path: 'crds/kserve/serving.kserve.io_clusterservingruntimes.yaml',
    sha256: 'c6f6bbb1b4b11afd1e38bd6d7255a8795b86efa2b7d14946ccff9d23592e6846',
    url: 'https://raw.githubusercontent.com/kserve/kserve/1fb781055dd1567164358233e1125142ca6ef1fe/config/crd/full/serving.kserve.io_clusterservingruntimes.yaml',
  },
  {
    path: 'crds/kserve/serving.kserve.io_inferencegraphs.yaml',
    sha256: 'b2e246d7a055937ea56de13850d0f4f993f1825b078a4c901944b99bba1800ca',
    url: 'https://raw.githubusercontent.com/kserve/kserve/1fb781055dd1567164358233e1125142ca6ef1fe/config/crd/full/serving.kserve.io_inferencegraphs.yaml',
  },
  {
    path: 'crds/kserve/serving.kserve.io_inferenceservices.yaml',
    sha256: '57c3bf13f77de94678bf2ae3748056ec071ad2b9e88d6a28f44fb4710758fcff',
    url: 'https://raw.githubusercontent.com/kserve/kserve/1fb781055dd1567164358233e1125142ca6ef1fe/config/crd/full/serving.kserve.io_inferenceservices.yaml',
  },
  {
    path: 'crds/kserve/serving.kserve.io_servingruntimes.yaml',
    sha256: '380a3e1e1444cef9b8b88819596692728868205a2147dc66423be469a4a7bbb1',
    url: 'https://raw.githubusercontent.com/kserve/kserve/1fb781055dd1567164358233e1125142ca6ef1fe/config/crd/full/serving.kserve.io_servingruntimes.yaml',
  },
  {
    path: 'crds/kserve/serving.kserve.io_trainedmodels.yaml',
    sha256: '8ca09aaab46af84b1e697a3b84c6b5482bb7c006a5a6ba764343999682c300e7',
    url: 'https://raw.githubusercontent.com/kserve/kserve/1fb781055dd1567164358233e1125142ca6ef1fe/config/crd/full/serving.kserve.io_trainedmodels.yaml',
  },
  {
    path: 'crds/kyverno/kyverno.io_cleanuppolicies.yaml',
    sha256: 'c4f82a2f1fb723da8bca3f1f1131b94d16ccf0307ca1bc8d926403f687bcd246',
    url: 'https://raw.githubusercontent.com/kyverno/kyverno/ee97ce09538b09b6f1b03853cc41a62654d6a58f/config/crds/kyverno/kyverno.io_cleanuppolicies.yaml',
  },
  {
    path: 'crds/kyverno/kyverno.io_clustercleanuppolicies.yaml',
    sha256: 'f9a274f70eec8843dc21865906e32fb7905bf8eeb5188a7d9fa78f78293dc870',
    url: 'https://raw.githubusercontent.com/kyverno/kyverno/ee97ce09538b09b6f1b03853cc41a62654d6a58f/config/crds/kyverno/kyverno.io_clustercleanuppolicies.yaml',
  },
  {
    path: 'crds/kyverno/kyverno.io_clusterpolicies.yaml',
    sha256: 'fb041ee35f8e89b5bca566bb6e00cd67fccc30be8859998757333f2a40d79655',
    url: 'https://raw.githubusercontent.com/kyverno/kyverno/ee97ce09538b09b6f1b03853cc41a62654d6a58f/config/crds/kyverno/kyverno.io_clusterpolicies.yaml',
  },
  {
    path: 'crds/kyverno/kyverno.io_globalcontextentries.yaml',
    sha256: '542a529a89ece7a20b8ec212a337af1a156dd319b43237a697a2fdf707f8af95',
    url: 'https://raw.githubusercontent.com/kyverno/kyverno/ee97ce09538b09b6f1b03853cc41a62654d6a58f/config/crds/kyverno/kyverno.io_globalcontextentries.yaml',
  },
  {
    path: 'crds/kyverno/kyverno.io_policies.yaml',
    sha256: 'e6475e41d8ae4640913e92958ddfa03a61fbcbf857170f3c9783ae06f8c52a08',
    url: 'https://raw.githubusercontent.com/kyverno/kyverno/ee97ce09538b09b6f1b03853cc41a62654d6a58f/config/crds/kyverno/kyverno.io_policies.yaml',
  },
  {
    path: 'crds/kyverno/kyverno.io_policyexceptions.yaml',
    sha256: '83d0478d61e88890c0dbf1e8360f5e5b7bb7d5708d0cc2d52c7dab8cfc833dbc',
    url: 'https://raw.githubusercontent.com/kyverno/kyverno/ee97ce09538b09b6f1b03853cc41a62654d6a58f/config/crds/kyverno/kyverno.io_policyexceptions.yaml',
  },
  {
    path: 'crds/kyverno/kyverno.io_updaterequests.yaml',
    sha256: 'c740db8b27a3fbddd60aab9fcb460eef41bfe72090540d1b5df33d0f1b0203fc',
    url: 'https://raw.githubusercontent.com/kyverno/kyverno/ee97ce09538b09b6f1b03853cc41a62654d6a58f/config/crds/kyverno/kyverno.io_updaterequests.yaml',
  },
  {
    path: 'crds/kyverno/policies.kyverno.io_deletingpolicies.yaml',
    sha256: 'fe32886584e9665dee1d966e1e033fed9dc371537083dbf8a3ccc30f506ed278',
    url: 'https://raw.githubusercontent.com/kyverno/kyverno/ee97ce09538b09b6f1b03853cc41a62654d6a58f/config/crds/policies.kyverno.io/policies.kyverno.io_deletingpolicies.yaml',
  },
  {
    path: 'crds/kyverno/policies.kyverno.io_generatingpolicies.yaml',
    sha256: 'aa44610859284bdb3c6de6b0d7a00d1d67bc8d0970704499c53c1f9266bf4a52',
    url: 'https://raw.githubusercontent.com/kyverno/kyverno/ee97ce09538b09b6f1b03853cc41a62654d6a58f/config/crds/policies.kyverno.io/policies.kyverno.io_generatingpolicies.yaml',
  },
  {
    path: 'crds/kyverno/policies.kyverno.io_imagevalidatingpolicies.yaml',
    sha256: '32436252cd83925e228604dd33d5218509621946df7c8239f3d9df878d5f0503',
    url: 'https://raw.githubusercontent.com/kyverno/kyverno/ee97ce09538b09b6f1b03853cc41a62654d6a58f/config/crds/policies.kyverno.io/policies.kyverno.io_imagevalidatingpolicies.yaml',
  },
  {
    path: 'crds/kyverno/policies.kyverno.io_mutatingpolicies.yaml',
    sha256: '7a71c76ed2ae76bedfa1e285fa919a2e8bb0bc7ea7a2122bebc6d9c183659688',
    url: 'https://raw.githubusercontent.com/kyverno/kyverno/ee97ce09538b09b6f1b03853cc41a62654d6a58f/config/crds/policies.kyverno.io/policies.kyverno.io_mutatingpolicies.yaml',
  },
  {
    path: 'crds/kyverno/policies.kyverno.io_namespaceddeletingpolicies.yaml',
    sha256: 'e722c8415fb040b02e2a24bf0d093ba0a35647a4e6e73265ac1f4f92d4bd2806',
    url: 'https://raw.githubusercontent.com/kyverno/kyverno/ee97ce09538b09b6f1b03853cc41a62654d6a58f/config/crds/policies.kyverno.io/policies.kyverno.io_namespaceddeletingpolicies.yaml',
  },
  {
    path: 'crds/kyverno/policies.kyverno.io_namespacedgeneratingpolicies.yaml',
    sha256: 'd7083e8deec50684616125a6902d9bd0ebd1963e24744aed4a2c0514f6ddd965',
    url: 'https://raw.githubusercontent.com/kyverno/kyverno/ee97ce09538b09b6f1b03853cc41a62654d6a58f/config/crds/policies.kyverno.io/policies.kyverno.io_namespacedgeneratingpolicies.yaml',
  },
  {
    path: 'crds/kyverno/policies.kyverno.io_namespacedimagevalidatingpolicies.yaml',
    sha256: '1b55ad801410dd7a4f40d0f2cbb26a67453d55ebd87d74878e2eb7997c7d4e69',
    url: 'https://raw.githubusercontent.com/kyverno/kyverno/ee97ce09538b09b6f1b03853cc41a62654d6a58f/config/crds/policies.kyverno.io/policies.kyverno.io_namespacedimagevalidatingpolicies.yaml',
  },
  {
    path: 'crds/kyverno/policies.kyverno.io_namespacedmutatingpolicies.yaml',
    sha256: '20faa0dcc23ab391e69eb5a5801108207f0464b76795d9958bcdd80dce5958d8',
    url: 'https://raw.githubusercontent.com/kyverno/kyverno/ee97ce09538b09b6f1b03853cc41a62654d6a58f/config/crds/policies.kyverno.io/policies.kyverno.io_namespacedmutatingpolicies.yaml',
  },
  {
    path: 'crds/kyverno/policies.kyverno.io_namespacedvalidatingpolicies.yaml',
    sha256: 'c37704b3dbdc5c9034d69df1618448eb242bf8a53dddf76987c0b6f08898dfe1',
    url: 'https://raw.githubusercontent.com/kyverno/kyverno/ee97ce09538b09b6f1b03853cc41a62654d6a58f/config/crds/policies.kyverno.io/policies.kyverno.io_namespacedvalidatingpolicies.yaml',
  },
  {
    path: 'crds/kyverno/policies.kyverno.io_policyexceptions.yaml',
    sha256: '4663799165411bc350b3c2d35a370b05ac148a03ce3af9de9821974f77eb503d',
    url: 'https://raw.githubusercontent.com/kyverno/kyverno/ee97ce09538b09b6f1b03853cc41a62654d6a58f/config/crds/policies.kyverno.io/policies.kyverno.io_policyexceptions.yaml',
  },
  {
    path: 'crds/kyverno/policies.kyverno.io_validatingpolicies.yaml',
    sha256: '87d8700778623b26ae2c9b2f512713e478714ddd0fbcb4e44574c76ae015f10f',
    url: 'https://raw.githubusercontent.com/kyverno/kyverno/ee97ce09538b09b6f1b03853cc41a62654d6a58f/config/crds/policies.kyverno.io/policies.kyverno.io_validatingpolicies.yaml',
  },
  {
    path: 'crds/kyverno/wgpolicyk8s.io_clusterpolicyreports.yaml',
    sha256: 'ee99a9dd0a1fc96de02f37962b26c2dfa052477c40fa3a60cb2690d30ce2a82d',
    url: 'https://raw.githubusercontent.com/kyverno/kyverno/ee97ce09538b09b6f1b03853cc41a62654d6a58f/config/crds/policyreport/wgpolicyk8s.io_clusterpolicyreports.yaml',
  },
  {
    path: 'crds/kyverno/wgpolicyk8s.io_policyreports.yaml',
    sha256: '595ab5728178e3ebe8a9ed9210a32484eb7a0e2dc061b276a3afca703b8ba7c4',
    url: 'https://raw.githubusercontent.com/kyverno/kyverno/ee97ce09538b09b6f1b03853cc41a62654d6a58f/config/crds/policyreport/wgpolicyk8s.io_policyreports.yaml',
  },
  {
    path: 'crds/kyverno/reports.kyverno.io_clusterephemeralreports.yaml',
    sha256: '325109100103822e5071dd46f508626632f1b75cbd5d4c23a03bb60ef5bb1050',
    url: 'https://raw.githubusercontent.com/kyverno/kyverno/ee97ce09538b09b6f1b03853cc41a62654d6a58f/config/crds/reports/reports.kyverno.io_clusterephemeralreports.yaml',
  },
  {
    path: 'crds/kyverno/reports.kyverno.io_ephemeralreports.yaml',
    sha256: '98d7c36568bf9aaa8da1c531fb56bf49b072b2782f74ee95d483717b6c7f852a',
    url: 'https://raw.githubusercontent.com/kyverno/kyverno/ee97ce09538b09b6f1b03853cc41a62654d6a58f/config/crds/reports/reports.kyverno.io_ephemeralreports.yaml',
  },
  {
    path: 'crds/argo-cd/application-crd.yaml',
    sha256: '5dde0e229249b6b707beb98674c1deae3949d5c319a6c45b9f5a80c99618e40c',
    url: 'https://raw.githubusercontent.com/argoproj/argo-cd/109ca7ca71139e514114499d294a492e7910a965/manifests/crds/application-crd.yaml',
  },
  {
    path: 'crds/argo-cd/applicationset-crd.yaml',
    sha256: '7d282054f41ca2b71a22bab04a8caf0000e07e53a62432e6ea292dae5ab4f07d',
    url: 'https://raw.githubusercontent.com/argoproj/argo-cd/109ca7ca71139e514114499d294a492e7910a965/manifests/crds/applicationset-crd.yaml',
  },
  {
    path: 'crds/argo-cd/appproject-crd.yaml',
    sha256: 'ab225266944322750136f1198d93786e4a79a0e43c8d149abfba44da30a3eac8',
    url: 'https://raw.githubusercontent.com/argoproj/argo-cd/109ca7ca71139e514114499d294a492e7910a965/manifests/crds/appproject-crd.yaml',
  },
  {
    path: 'crds/knative-serving/service.yaml',
    sha256: '2df2faa748f4d8e9470a2a5e9f208d7310aa89fc8cad1f2b1b9941fefe3def33',
    url: 'https://raw.githubusercontent.com/knative/serving/7ed4aa2ab601e3a33c6552285f6e0d910747351d/config/core/300-resources/service.yaml',
  },
  {
    path: 'crds/knative-serving/route.yaml',
    sha256: '782a5a6f2a69c9e33b6be8fb7b6ba0acad1283365fa63eb64512a78a716219a7',
    url: 'https://raw.githubusercontent.com/knative/serving/7ed4aa2ab601e3a33c6552285f6e0d910747351d/config/core/300-resources/route.yaml',
  },
  {
    path: 'crds/knative-serving/configuration.yaml',
    sha256: '8ea24d5175e596cedc6df222759f86f1981b768ce9bc031a7af79a78f97195f5',
    url: 'https://raw.githubusercontent.com/knative/serving/7ed4aa2ab601e3a33c6552285f6e0d910747351d/config/core/300-resources/configuration.yaml',
  },
  {
    path: 'crds/knative-serving/revision.yaml',
    sha256: '5072995ed77223ae5c4b8e47a418c77e51a123c01643d2a0e91d164b5918febc',
    url: 'https://raw.githubusercontent.com/knative/serving/7ed4aa2ab601e3a33c6552285f6e0d910747351d/config/core/300-resources/revision.yaml',
  },
  {
    path: 'crds/knative-serving/domain-mapping.yaml',
    sha256: '6913d57ccee28f69a9eeffd932121a2359f9a24bb52aab537092922e16ecd874',
    url: 'https://raw.githubusercontent.com/knative/serving/7ed4aa2ab601e3a33c6552285f6e0d910747351d/config/core/300-resources/domain-mapping.yaml',
  },
];
