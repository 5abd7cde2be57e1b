import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { assertMatches } from './helpers/response-schemas.js';
import { TextResponse } from '../src/moderation/schemas.js';
import { expectError, startServer, type TestServer } from './helpers/server.js';

describe('text moderation', () => {
  let server: TestServer;
  let token: string;
  let url: string;
  const moderate = (text: string, extra: Record<string, unknown> = {}) =>
    server.call('POST', url, { token, body: { event_type: 'comment', data: { text }, ...extra } });

  before(async () => {
    server = await startServer();
    token = await server.token();
    url = `/v3/${server.projectId}/moderation/text`;
  });
  after(() => server.close());

  it('passes clean text and blocks abuse with positions, in the documented shape through the SDK signer', async () => {
    const clean = await server.sdk('POST', url, {
      event_type: 'comment',
      data: { text: 'What a lovely assessment of the classic novel.' },
    });
    assert.equal(clean.status, 200, clean.text);
    assertMatches(clean.json, TextResponse);
    assert.deepEqual(clean.json.result, { suggestion: 'pass', label: 'normal', details: [] });
    assert.match(clean.json.request_id, /^[0-9a-f]{32}$/);

    const text = 'you are such an asshole, honestly';
    const res = await server.sdk('POST', url, { event_type: 'comment', data: { text, language: 'zh' } });
    assertMatches(res.json, TextResponse);
    assert.equal(res.json.result.suggestion, 'block');
    assert.equal(res.json.result.label, 'abuse');
    const segment = res.json.result.details[0].segments[0];
    assert.equal(segment.segment, 'asshole');
    assert.equal(text.slice(...segment.position), 'asshole');
    // A keyword hit is 0.95 sure; the abuse model, when it agrees, may be surer still.
    assert.ok(res.json.result.details[0].confidence >= 0.95);
  });

  it('sees through case, full width, leetspeak and inserted separators', async () => {
    // Aimed at someone ("you"): "shit happens" alone is a saying, which passes since issue 22's fourth round.
    for (const text of [
      'you talk SHIT',
      'you talk ｓｈｉｔ',
      'you talk sh1t',
      'you talk s.h.i.t',
      'you talk s h i t',
      'you talk shiiiiit',
    ]) {
      const res = await moderate(text);
      assert.equal(res.json.result.suggestion, 'block', text);
      assert.equal(res.json.result.details[0].label, 'abuse', text);
    }
    const cjk = await moderate('你这个 傻-逼');
    assert.equal(cjk.json.result.label, 'abuse');
    assert.equal(cjk.json.result.details[0].segments[0].segment, '傻-逼');
  });

  it('detects advertising contacts and flooding, only in the requested categories', async () => {
    const ad = await moderate('great deals, visit www.cheap-watches.shop today or call 13812345678');
    assert.equal(ad.json.result.label, 'ad');
    assert.deepEqual(
      ad.json.result.details[0].segments.map((s: { segment: string }) => s.segment),
      ['www.cheap-watches.shop', '13812345678'],
    );
    // Meaningless text is the result's label alone: the documented detail labels do not include it.
    const flood = await moderate('!!!!!!!!!!!!!!!!!!!!!!!!!!!!');
    assert.deepEqual(flood.json.result, { suggestion: 'review', label: 'meaningless', details: [] });
    const onlyPorn = await moderate('you idiot', { categories: ['porn'] });
    assert.equal(onlyPorn.json.result.suggestion, 'pass');
  });

  it('checks the documented default categories, politics and ban from lexicons, and the first 10,000 characters', async () => {
    const glossaries = `/v3/${server.projectId}/moderation/glossaries`;
    const lexicon = await server.sdk('POST', glossaries, {
      name: 'local-politics',
      category: 'politics',
      words: ['overthrow the council'],
    });
    assert.equal(lexicon.status, 201, lexicon.text);
    const text = 'we should overthrow the council tomorrow';
    // politics is not in the default set (terrorism, porn, ban, abuse, ad); asked for, the project's lexicon applies.
    assert.equal((await moderate(text)).json.result.suggestion, 'pass');
    const politics = await server.sdk('POST', url, { event_type: 'comment', categories: ['politics'], data: { text } });
    assertMatches(politics.json, TextResponse);
    assert.equal(politics.json.result.label, 'politics');
    assert.deepEqual(politics.json.result.details[0].segments, [
      { segment: 'overthrow the council', position: [10, 31] },
    ]);
    assert.equal((await moderate('buy cocaine cheap')).json.result.label, 'ban');
    const long = await moderate(`${'calm words. '.repeat(900)}and then you idiot`);
    assert.equal(long.status, 200);
    assert.equal(long.json.result.suggestion, 'pass');
    expectError(
      await server.sdk('POST', glossaries, { name: 'bad-category', category: 'weather', words: ['x'] }),
      400,
      'AIS.0604',
      'Invalid glossary: category must be one of terrorism, porn, ban, abuse, ad, politics',
    );
  });

  it("applies the operator's lexicons file (politics ships empty) under its categories", async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'aisp-lexicons-')), 'lexicons.json');
    writeFileSync(file, JSON.stringify({ politics: ['dissolve the assembly'], ban: ['moon rocks for sale'] }));
    // A key that is no category is refused, with the closest one.
    const misspelt = path.join(path.dirname(file), 'misspelt.json');
    writeFileSync(misspelt, JSON.stringify({ politcs: ['x'] }));
    await assert.rejects(
      startServer({ moderation: { lexiconsFile: misspelt } }),
      /the lexicons file .*misspelt\.json, \/politcs: unknown category; did you mean politics\? \(the categories: /,
    );
    const operated = await startServer({ moderation: { lexiconsFile: file } });
    try {
      const call = async (text: string, categories: string[]) =>
        (
          await operated.call('POST', `/v3/${operated.projectId}/moderation/text`, {
            token: await operated.token(),
            body: { event_type: 'comment', categories, data: { text } },
          })
        ).json.result;
      const politics = await call('They plan to Dissolve the Assembly tonight', ['politics']);
      assert.equal(politics.suggestion, 'block');
      assert.equal(politics.label, 'politics');
      assert.deepEqual(politics.details[0].segments, [{ segment: 'Dissolve the Assembly', position: [13, 34] }]);
      assert.equal((await call('moon rocks for sale, cheap', ['ban'])).label, 'ban');
      // A category not asked for is not checked, the operator's terms included.
      assert.equal((await call('They plan to dissolve the assembly tonight', ['abuse'])).suggestion, 'pass');
    } finally {
      await operated.close();
    }
  });

  it("honours a biz_type policy over the request's event type and categories", async () => {
    const policy = await server.sdk('PUT', `/v3/${server.projectId}/moderation/biz-types/forum_porn_only`, {
      text_categories: ['porn'],
    });
    assert.equal(policy.status, 200, policy.text);
    const res = await server.sdk('POST', url, {
      biz_type: 'forum_porn_only',
      categories: ['abuse'],
      data: { text: 'you idiot' },
    });
    assertMatches(res.json, TextResponse);
    assert.equal(res.json.result.suggestion, 'pass');
    expectError(
      await server.sdk('POST', url, { biz_type: 'no_such_policy', data: { text: 'hi' } }),
      400,
      'AIS.0401',
      'The input parameter is incorrect.',
    );
  });

  it('applies per-project black and white glossaries (CRUD)', async () => {
    const glossaries = `/v3/${server.projectId}/moderation/glossaries`;
    const created = await server.call('POST', glossaries, {
      token,
      body: { name: 'brand-rivals', type: 'black', words: ['acmecorp', '竞品'] },
    });
    assert.equal(created.status, 201, created.text);
    const white = await server.call('POST', glossaries, {
      token,
      body: { name: 'place-names', type: 'white', words: ['Shitterton'] },
    });
    assert.equal(white.status, 201);
    expectError(
      await server.call('POST', glossaries, { token, body: { name: 'brand-rivals', words: ['x'] } }),
      400,
      'AIS.0602',
      'Glossary already exists: brand-rivals',
    );

    const hit = await moderate('I switched to A.C.M.E.C.O.R.P last year', { glossary_names: ['brand-rivals'] });
    assert.equal(hit.json.result.label, 'customized');
    assert.equal(hit.json.result.details[0].segments[0].glossary_name, 'brand-rivals');
    const without = await moderate('I switched to acmecorp last year');
    assert.equal(without.json.result.suggestion, 'pass');

    // "shit" inside a white-listed place name is not abuse.
    const place = await moderate('we drove through shitterton', { white_glossary_names: ['place-names'] });
    assert.equal(place.json.result.suggestion, 'pass');

    const updated = await server.call('PUT', `${glossaries}/brand-rivals`, { token, body: { words: ['globex'] } });
    assert.equal(updated.json.word_count, 1);
    assert.equal((await moderate('acmecorp', { glossary_names: ['brand-rivals'] })).json.result.suggestion, 'pass');
    assert.equal((await moderate('globex', { glossary_names: ['brand-rivals'] })).json.result.label, 'customized');
    const listed = await server.call('GET', glossaries, { token });
    assert.deepEqual(
      listed.json.glossaries.map((g: { name: string }) => g.name),
      ['brand-rivals', 'local-politics', 'place-names'],
    );
    assert.equal((await server.call('DELETE', `${glossaries}/brand-rivals`, { token })).status, 204);
    expectError(
      await server.call('GET', `${glossaries}/brand-rivals`, { token }),
      400,
      'AIS.0601',
      'Glossary not found: brand-rivals',
    );
    expectError(
      await moderate('x', { glossary_names: ['brand-rivals'] }),
      400,
      'AIS.0401',
      'The input parameter is incorrect.',
    );
    expectError(
      await server.call('POST', glossaries, { token, body: { name: 'bad', words: 'not-a-list' } }),
      400,
      'AIS.0604',
      'Invalid glossary: words must be an array of strings',
    );
  });

  it('answers the request errors of the catalogue', async () => {
    expectError(
      await server.call('POST', url, { token, body: { data: { text: 'hi' } } }),
      400,
      'AIS.0011',
      'Lack the request parameter, or the request parameter is empty.',
    );
    expectError(
      await server.call('POST', url, { token, body: { event_type: 'comment', data: { text: '' } } }),
      400,
      'AIS.0011',
      'Lack the request parameter, or the request parameter is empty.',
    );
    expectError(
      await server.call('POST', url, {
        token,
        body: { event_type: 'comment', categories: ['weather'], data: { text: 'hi' } },
      }),
      400,
      'AIS.0012',
      'The request parameter is not supported.',
    );
    expectError(
      await server.call('POST', url, { token, body: { event_type: 'comment', data: { text: 42 } } }),
      400,
      'AIS.0401',
      'The input parameter is incorrect.',
    );
    expectError(
      await server.call('POST', url, { token, body: { event_type: 'weather_report', data: { text: 'hi' } } }),
      400,
      'AIS.0005',
      'The service does not exist.',
    );
    expectError(
      await server.call('POST', `/v3/${server.projectId}/moderation/hologram`, { token, body: {} }),
      400,
      'AIS.0005',
      'The service does not exist.',
    );
    expectError(await server.call('GET', url, { token }), 400, 'AIS.0013', 'The request method is not allowed.');
    expectError(
      await server.call('POST', url, {
        token,
        rawBody: '{"event_type":',
        headers: { 'Content-Type': 'application/json' },
      }),
      400,
      'AIS.0014',
      'The JSON format of the input data is incorrect.',
    );
    expectError(
      await server.call('POST', url, {
        token,
        rawBody: '"just a string"',
        headers: { 'Content-Type': 'application/json' },
      }),
      400,
      'AIS.0501',
      'Check whether the request JSON is abnormal.',
    );
    expectError(
      await server.call('POST', url, { token, rawBody: '{"event_type":"comment","data":{"text":"hi"}}' }),
      400,
      'AIS.0010',
      'The header is missing or left empty.',
    );
  });

  it('answers the token and account codes of the catalogue', async () => {
    expectError(
      await server.call('POST', url, { body: { event_type: 'comment', data: { text: 'hi' } } }),
      400,
      'APIG.0301',
      'Incorrect IAM authentication information: decrypt token fail',
    );
    const domainToken = await server.token({ project: null });
    expectError(
      await server.call('POST', url, { token: domainToken, body: { event_type: 'comment', data: { text: 'hi' } } }),
      400,
      'AIS.0026',
      'Incorrect token type.',
    );
    const other = await server.call('POST', '/v3/projects', { token, body: { project: { name: 'second' } } });
    const secondToken = await server.token({ project: 'second' });
    expectError(
      await server.call('POST', url, { token: secondToken, body: { event_type: 'comment', data: { text: 'hi' } } }),
      400,
      'AIS.0002',
      'The authentication token is abnormal.',
    );
    assert.equal(
      (
        await server.call('POST', `/v3/${other.json.project.id}/moderation/text`, {
          token: secondToken,
          body: { event_type: 'comment', data: { text: 'hi' } },
        })
      ).status,
      200,
    );
  });

  it('enforces subscription, enabled services and the monthly free calls', async () => {
    const s = await startServer();
    try {
      const t = await s.token();
      const u = `/v3/${s.projectId}/moderation/text`;
      const body = { event_type: 'comment', data: { text: 'hello' } };
      const settings = `/operator/v1/projects/${s.projectId}/moderation`;
      assert.equal((await s.operator('PUT', settings, { subscribed: false })).status, 200);
      expectError(await s.call('POST', u, { token: t, body }), 400, 'AIS.0004', 'The request is unauthorized.');
      await s.operator('PUT', settings, { subscribed: true, services: ['image'] });
      expectError(
        await s.call('POST', u, { token: t, body }),
        400,
        'AIS.0007',
        'The service has not been enabled yet.',
      );
      await s.operator('PUT', settings, { services: ['text', 'image'], monthly_free_calls: 3 });
      for (let i = 0; i < 3; i++) assert.equal((await s.call('POST', u, { token: t, body })).status, 200);
      expectError(
        await s.call('POST', u, { token: t, body }),
        400,
        'AIS.0032',
        'The monthly free calls have been used up.',
      );
      const usage = await s.call('GET', `/v3/${s.projectId}/moderation/usage`, { token: t });
      assert.equal(usage.json.calls.text, 3);
      assert.equal(usage.json.monthly_free_calls, 3);
      // The operator reads the settings back (the console's project page), with the calls of the month.
      const shown = await s.operator('GET', settings);
      assert.equal(shown.status, 200, shown.text);
      assert.deepEqual(
        { ...shown.json, month: undefined },
        {
          subscribed: true,
          services: ['text', 'image'],
          monthly_free_calls: 3,
          month: undefined,
          calls: usage.json.calls,
        },
      );
      expectError(
        await s.operator('GET', '/operator/v1/projects/no-such-project/moderation'),
        404,
        'IAM.0003',
        'Could not find project.',
      );
      // Failed calls do not use up free calls; raising the allowance lets calls through again.
      await s.operator('PUT', settings, { monthly_free_calls: null });
      assert.equal((await s.call('POST', u, { token: t, body })).status, 200);
    } finally {
      await s.close();
    }
  });

  it('refuses frozen accounts (AIS.0027) and bodies over the moderation limit (AIS.0020)', async () => {
    const s = await startServer({ moderation: { bodyLimitBytes: 2048 } as never });
    try {
      const t = await s.token();
      const u = `/v3/${s.projectId}/moderation/text`;
      expectError(
        await s.call('POST', u, { token: t, body: { event_type: 'comment', data: { text: 'x'.repeat(3000) } } }),
        400,
        'AIS.0020',
        'The size of the request body exceeds the upper limit.',
      );
      await s.operator('PUT', '/operator/v1/accounts/acme/state', { state: 'frozen' });
      expectError(
        await s.call('POST', u, { token: t, body: { event_type: 'comment', data: { text: 'hi' } } }),
        400,
        'AIS.0027',
        'The account has been frozen.',
      );
    } finally {
      await s.close();
    }
  });
});
