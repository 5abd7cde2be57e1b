import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { Permissions } from '../../identity/index.js';
import { admitModelArts } from '../admit.js';
import { invalid } from '../validation.js';

/**
 * The content-guard disclaimer (spec §3.1). Turning an endpoint's guard off needs the `agreement_id` of the latest
 * version; a new version gets a new id, so that a client must fetch and sign it again.
 */
export const latestAgreement = {
  id: '5b0e2c44-2f1d-4e8a-9c61-0a7e3d1f0001',
  agreementId: '4dd6b9f8-7e97-4f1c-8816-2a5c0b7e0001',
  texts: {
    en: {
      agreement_data:
        'Content guard disclaimer. With the content guard off, prompts and answers of this endpoint are no longer ' +
        "checked by this platform's Content Moderation, and harmful input or output is no longer intercepted. You " +
        "rely on the model's own safety behaviour and are responsible for the content your service sends and " +
        'receives, and for complying with the laws and regulations that apply to it.',
      open_notice:
        'With the content guard on, prompts and answers are checked for harmful content; blocked calls fail with ' +
        'ModelArts.81011 and checking may add a little latency.',
      close_notice:
        'Turning the content guard off means harmful input and output are no longer intercepted. Confirm that you ' +
        'have read and accept the disclaimer.',
    },
    zh: {
      agreement_data:
        '内容安全护栏免责声明：关闭内容安全护栏后，本平台将不再对该接入点的输入和输出进行内容审核，有害内容将不再被拦截。' +
        '您将依赖模型自身的安全能力，并对服务发送和接收的内容以及遵守相关法律法规承担责任。',
      open_notice:
        '开启内容安全护栏后，将对输入和输出进行有害内容检测；被拦截的调用返回 ModelArts.81011，检测可能增加少量时延。',
      close_notice: '关闭内容安全护栏后，有害的输入和输出将不再被拦截。请确认您已阅读并接受免责声明。',
    },
  },
} as const;

/** `GET /v1/{project_id}/maas/compliance/agreements?lang=zh|en`: the latest disclaimer, in the asked language. */
export function registerAgreementRoutes(app: FastifyInstance): void {
  app.get(
    '/v1/:project_id/maas/compliance/agreements',
    {
      schema: {
        tags: ['MaaS custom endpoints'],
        summary: 'The latest content-guard disclaimer (its agreement_id turns an endpoint guard off)',
        querystring: Type.Object({ lang: Type.Union([Type.Literal('zh'), Type.Literal('en')]) }),
      },
    },
    async (request) => {
      admitModelArts(request, Permissions.customEndpointRead);
      const lang = (request.query as { lang?: string }).lang;
      if (lang !== 'zh' && lang !== 'en') throw invalid('lang', 'must be zh or en');
      return { id: latestAgreement.id, agreement_id: latestAgreement.agreementId, ...latestAgreement.texts[lang] };
    },
  );
}
