/**
 * The operationId of every operation in the OpenAPI document, by method and documented path: the one place they are
 * named (test/openapi.test.ts fails on an operation missing here, and on an entry no route answers).
 *
 * Where the cloud's SDKs have the operation, its SDK name: IAM from `@huaweicloud/huaweicloud-sdk-iam` (IamClient),
 * Content Moderation v3 from the Python/Go SDK (specs/moderation-v3.md §1), ModelArts services from the ModelArts
 * SDK. The OpenAI-compatible routes take OpenAI's own names (what its SDKs and generated clients call them), with a
 * suffix for the same operation under another prefix. The rest get PascalCase names in the SDKs' Verb+Noun manner.
 */
export const operationIds: Readonly<Record<string, string>> = {
  // IAM (IamClient names)
  'POST /v3/auth/tokens': 'KeystoneCreateUserTokenByPassword',
  'GET /v3/auth/tokens': 'KeystoneValidateToken',
  'DELETE /v3/auth/tokens': 'RevokeToken',
  'POST /v3/projects': 'KeystoneCreateProject',
  'GET /v3/projects': 'KeystoneListProjects',
  'GET /v3/auth/projects': 'KeystoneListAuthProjects',
  'GET /v3/auth/domains': 'KeystoneListAuthDomains',
  'POST /v3.0/OS-CREDENTIAL/credentials': 'CreatePermanentAccessKey',
  'GET /v3.0/OS-CREDENTIAL/credentials': 'ListPermanentAccessKeys',
  'GET /v3.0/OS-CREDENTIAL/credentials/{access_key}': 'ShowPermanentAccessKey',
  'PUT /v3.0/OS-CREDENTIAL/credentials/{access_key}': 'UpdatePermanentAccessKey',
  'DELETE /v3.0/OS-CREDENTIAL/credentials/{access_key}': 'DeletePermanentAccessKey',
  'POST /v3/users': 'KeystoneCreateUser',
  'GET /v3/users': 'KeystoneListUsers',
  'GET /v3/users/{user_id}': 'KeystoneShowUser',
  'PATCH /v3/users/{user_id}': 'KeystoneUpdateUserByAdmin',

  // Operator: accounts
  'GET /operator/v1/accounts': 'ListAccounts',
  'POST /operator/v1/accounts': 'CreateAccount',
  'GET /operator/v1/accounts/{account_name}': 'ShowAccount',
  'PUT /operator/v1/accounts/{account_name}/state': 'UpdateAccountState',

  // Content Moderation v3 (SDK names where the SDK has the operation)
  'POST /v3/{project_id}/moderation/text': 'RunTextModeration',
  'POST /v3/{project_id}/moderation/image': 'CheckImageModeration',
  'POST /v3/{project_id}/moderation/image/batch': 'BatchCheckImageSync',
  'POST /v3/{project_id}/moderation/audio/jobs': 'RunCreateAudioModerationJob',
  'GET /v3/{project_id}/moderation/audio/jobs/{job_id}': 'RunQueryAudioModerationJob',
  'POST /v3/{project_id}/moderation/video/jobs': 'RunCreateVideoModerationJob',
  'GET /v3/{project_id}/moderation/video/jobs/{job_id}': 'RunQueryVideoModerationJob',
  'POST /v3/{project_id}/moderation/document/jobs': 'RunCreateDocumentModerationJob',
  'GET /v3/{project_id}/moderation/document/jobs/{job_id}': 'RunQueryDocumentModerationJob',
  'POST /v3/{project_id}/moderation/video-stream/jobs': 'RunCreateVideoStreamModerationJob',
  'POST /v3/{project_id}/moderation/video-stream/jobs/stop/{job_id}': 'RunCloseVideoStreamModerationJob',
  'POST /v3/{project_id}/moderation/audio-stream/jobs': 'RunCreateAudioStreamModerationJob',
  'POST /v3/{project_id}/moderation/audio-stream/jobs/stop/{job_id}': 'RunCloseAudioStreamModerationJob',
  'GET /v3/{project_id}/moderation/video-stream/jobs/{job_id}': 'ShowVideoStreamModerationJob',
  'GET /v3/{project_id}/moderation/audio-stream/jobs/{job_id}': 'ShowAudioStreamModerationJob',
  'GET /v3/{project_id}/moderation/audio/jobs': 'ListAudioModerationJobs',
  'GET /v3/{project_id}/moderation/video/jobs': 'ListVideoModerationJobs',
  'GET /v3/{project_id}/moderation/document/jobs': 'ListDocumentModerationJobs',
  'GET /v3/{project_id}/moderation/video-stream/jobs': 'ListVideoStreamModerationJobs',
  'GET /v3/{project_id}/moderation/audio-stream/jobs': 'ListAudioStreamModerationJobs',
  'POST /v3/{project_id}/moderation/audio/jobs/{job_id}/cancel': 'CancelAudioModerationJob',
  'POST /v3/{project_id}/moderation/video/jobs/{job_id}/cancel': 'CancelVideoModerationJob',
  'POST /v3/{project_id}/moderation/document/jobs/{job_id}/cancel': 'CancelDocumentModerationJob',
  'POST /v3/{project_id}/moderation/video-stream/jobs/{job_id}/cancel': 'CancelVideoStreamModerationJob',
  'POST /v3/{project_id}/moderation/audio-stream/jobs/{job_id}/cancel': 'CancelAudioStreamModerationJob',
  'PUT /v3/{project_id}/moderation/biz-types/{name}': 'CreateOrUpdateBizType',
  'GET /v3/{project_id}/moderation/biz-types/{name}': 'ShowBizType',
  'DELETE /v3/{project_id}/moderation/biz-types/{name}': 'DeleteBizType',
  'GET /v3/{project_id}/moderation/biz-types': 'ListBizTypes',
  'POST /v3/{project_id}/moderation/glossaries': 'CreateGlossary',
  'GET /v3/{project_id}/moderation/glossaries': 'ListGlossaries',
  'GET /v3/{project_id}/moderation/glossaries/{name}': 'ShowGlossary',
  'PUT /v3/{project_id}/moderation/glossaries/{name}': 'UpdateGlossary',
  'DELETE /v3/{project_id}/moderation/glossaries/{name}': 'DeleteGlossary',
  'GET /v3/{project_id}/moderation/usage': 'ShowModerationUsage',
  'PUT /v3/{project_id}/moderation/object-storage': 'UpdateObjectStorage',
  'GET /v3/{project_id}/moderation/object-storage': 'ShowObjectStorage',
  'DELETE /v3/{project_id}/moderation/object-storage': 'DeleteObjectStorage',

  // Operator: a project's moderation
  'GET /operator/v1/projects/{project_id}/moderation': 'ShowProjectModeration',
  'PUT /operator/v1/projects/{project_id}/moderation': 'UpdateProjectModeration',
  'PUT /operator/v1/projects/{project_id}/object-storage': 'UpdateProjectObjectStorageGrants',
  'GET /operator/v1/projects/{project_id}/object-storage': 'ShowProjectObjectStorageGrants',
  'DELETE /operator/v1/projects/{project_id}/object-storage': 'DeleteProjectObjectStorageGrants',

  // MaaS management (the console's operations; the cloud publishes no SDK for them)
  'POST /v1/{project_id}/maas/services/custom-endpoint/endpoint': 'CreateCustomEndpoint',
  'GET /v1/{project_id}/maas/services/custom-endpoint/endpoint': 'ListCustomEndpoints',
  'PUT /v1/{project_id}/maas/services/custom-endpoint/endpoint/{custom_endpoint_id}': 'UpdateCustomEndpoint',
  'DELETE /v1/{project_id}/maas/services/custom-endpoint/endpoint/{custom_endpoint_id}': 'DeleteCustomEndpoint',
  'PUT /v1/{project_id}/maas/services/custom-endpoint/control/{custom_endpoint_id}': 'ControlCustomEndpoint',
  'GET /v1/{project_id}/maas/compliance/agreements': 'ShowContentGuardAgreement',
  'GET /v1/{project_id}/maas/services/custom-endpoint/regions': 'ListCustomEndpointRegions',
  'GET /v1/{project_id}/maas/services/custom-endpoint/models': 'ListCustomEndpointModels',
  'GET /v1/{project_id}/maas/services/workspace/{region_id}': 'ListWorkspaces',
  'GET /v1/{project_id}/maas/services/custom-endpoint/services/{region_id}': 'ListInferServices',
  'POST /v2/{project_id}/maas/api-auth/api-keys': 'CreateApiKey',
  'GET /v2/{project_id}/maas/api-auth/api-keys': 'ListApiKeys',
  'PUT /v2/{project_id}/maas/api-auth/api-keys/{key_id}': 'UpdateApiKey',
  'DELETE /v1/{project_id}/maas/api-auth/api-keys/{key_id}': 'DeleteApiKey',
  'POST /v1/{project_id}/maas/monitoring/show-statistics': 'ShowStatistics',
  'POST /v1/{project_id}/maas/monitoring/list-service-statistics': 'ListServiceStatistics',
  'POST /v1/{project_id}/maas/monitoring/{service_id}/show-detail-chart': 'ShowDetailChart',
  'POST /v1/{project_id}/maas/monitoring/source-ips': 'ListSourceIps',

  // ModelArts real-time services (ModelArts SDK names)
  'POST /v1/{project_id}/services': 'CreateService',
  'GET /v1/{project_id}/services': 'ListServices',
  'GET /v1/{project_id}/services/{service_id}': 'ShowService',
  'PUT /v1/{project_id}/services/{service_id}': 'UpdateService',
  'DELETE /v1/{project_id}/services/{service_id}': 'DeleteService',

  // A real-time service called directly: one operation per method, the same path
  'GET /v1/infers/{service_id}/{path}': 'InferServiceGet',
  'POST /v1/infers/{service_id}/{path}': 'InferServicePost',
  'PUT /v1/infers/{service_id}/{path}': 'InferServicePut',
  'DELETE /v1/infers/{service_id}/{path}': 'InferServiceDelete',
  'PATCH /v1/infers/{service_id}/{path}': 'InferServicePatch',

  // Operator: model deployments and a project's MaaS
  'POST /operator/v1/maas/models': 'CreateModelDeployment',
  'GET /operator/v1/maas/models': 'ListModelDeployments',
  'GET /operator/v1/maas/models/{model_name}': 'ShowModelDeployment',
  'PUT /operator/v1/maas/models/{model_name}': 'UpdateModelDeployment',
  'DELETE /operator/v1/maas/models/{model_name}': 'DeleteModelDeployment',
  'GET /operator/v1/projects/{project_id}/maas': 'ShowProjectMaas',
  'PUT /operator/v1/projects/{project_id}/maas': 'UpdateProjectMaas',

  // OpenAI-compatible inference (OpenAI's names; /v2 and /openai/v1 are the same operations under other prefixes)
  'POST /v1/chat/completions': 'createChatCompletion',
  'POST /v2/chat/completions': 'createChatCompletionV2',
  'POST /openai/v1/chat/completions': 'createChatCompletionOpenai',
  'POST /v1/completions': 'createCompletion',
  'POST /openai/v1/completions': 'createCompletionOpenai',
  'POST /v1/embeddings': 'createEmbedding',
  'POST /openai/v1/embeddings': 'createEmbeddingOpenai',
  'POST /v1/rerank': 'createRerank',
  'GET /v1/models': 'listModels',
  'GET /v1/models/{model}': 'retrieveModel',
  'GET /openai/v1/models': 'listModelsOpenai',
  'GET /openai/v1/models/{model}': 'retrieveModelOpenai',
};
