/**
 * Renders the OCR evaluation set: Chinese and English text images with sharp and SVG in Noto Sans CJK (Debian's
 * fonts-noto-cjk, /usr/share/fonts/opentype/noto): ads, contacts, mixed scripts, small text, rotated text, and text on
 * photo-like backgrounds. Writes PNGs and manifest.json (file, language, the text drawn) to the folder given.
 * Run: npx tsc -p tsconfig.json && node dist/scripts/make-ocr-eval-images.js [folder=test-output/ocr-eval]
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { syntheticImage } from '../test/helpers/synthetic-images.js';

const folder = process.argv[2] ?? 'test-output/ocr-eval';
const fontDir = '/usr/share/fonts/opentype/noto';
if (!existsSync(fontDir)) throw new Error(`${fontDir} is missing: apt-get install -y fonts-noto-cjk`);

interface Case {
  name: string;
  language: 'zh' | 'en' | 'mixed';
  lines: string[];
  size?: number;
  rotate?: number;
  background?: 'photo' | 'white';
}

const cases: Case[] = [
  { name: 'ad-zh-1', language: 'zh', lines: ['限时特价 全场五折', '立即购买 先到先得'] },
  { name: 'ad-zh-2', language: 'zh', lines: ['加微信领取优惠券', '每天免费送礼品'] },
  { name: 'ad-zh-3', language: 'zh', lines: ['专业代办信用卡', '快速放款 无需抵押'] },
  { name: 'contact-zh-1', language: 'zh', lines: ['联系电话 13812345678', '客服微信 shop888'] },
  { name: 'contact-zh-2', language: 'zh', lines: ['请加我们的客服', '电话 021-66778899'] },
  { name: 'notice-zh', language: 'zh', lines: ['今天下午三点开会', '请大家准时参加'] },
  { name: 'ad-en-1', language: 'en', lines: ['BUY NOW 50% OFF', 'visit shop.example.com'] },
  { name: 'contact-en', language: 'en', lines: ['Call us at 555-0199', 'WhatsApp +1 202 555 0147'] },
  { name: 'plain-en', language: 'en', lines: ['The meeting starts at three', 'Please be on time'] },
  { name: 'mixed-1', language: 'mixed', lines: ['新品上市 New Arrival', '扫码关注 Follow us'] },
  { name: 'mixed-2', language: 'mixed', lines: ['免费试用 Free trial', '官网 www.example.cn'] },
  { name: 'small-zh', language: 'zh', lines: ['这是一段很小的文字', '用来测试识别能力'], size: 14 },
  { name: 'small-en', language: 'en', lines: ['This is a line of small text', 'for the recogniser'], size: 13 },
  { name: 'rotated-zh', language: 'zh', lines: ['优惠活动马上开始', '欢迎光临本店'], rotate: 8 },
  { name: 'rotated-en', language: 'en', lines: ['Limited time offer', 'Order today'], rotate: -7 },
  { name: 'photo-zh', language: 'zh', lines: ['周末大促销', '全场包邮'], background: 'photo' },
  { name: 'photo-en', language: 'en', lines: ['SUMMER SALE', 'Free shipping'], background: 'photo' },
  { name: 'photo-mixed', language: 'mixed', lines: ['夏季新品 Summer', '热卖中 Hot deals'], background: 'photo' },
];

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

async function render(c: Case, index: number): Promise<Buffer> {
  const size = c.size ?? 40;
  const width = Math.max(...c.lines.map((l) => [...l].length)) * size + 2 * size;
  const height = (c.lines.length + 1) * size * 1.5;
  const onPhoto = c.background === 'photo';
  const text = c.lines
    .map(
      (line, i) =>
        `<text x="${size}" y="${(i + 1) * size * 1.5}" font-family="Noto Sans CJK SC" font-size="${size}" ` +
        `fill="${onPhoto ? '#ffffff' : '#202020'}" ${onPhoto ? 'stroke="#000000" stroke-width="1"' : ''}>${escape(line)}</text>`,
    )
    .join('');
  const svg = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${Math.round(width)}" height="${Math.round(height)}">${text}</svg>`,
  );
  const base = onPhoto
    ? sharp(await syntheticImage('photo', 100 + index, Math.round(width), Math.round(height)))
    : sharp({ create: { width: Math.round(width), height: Math.round(height), channels: 3, background: '#ffffff' } });
  let image = sharp(
    await base
      .composite([{ input: svg }])
      .png()
      .toBuffer(),
  );
  if (c.rotate) image = image.rotate(c.rotate, { background: onPhoto ? '#808080' : '#ffffff' });
  return image.png().toBuffer();
}

mkdirSync(folder, { recursive: true });
const manifest = [];
for (const [index, c] of cases.entries()) {
  const file = `${c.name}.png`;
  writeFileSync(path.join(folder, file), await render(c, index));
  manifest.push({ file, language: c.language, text: c.lines.join('\n') });
}
writeFileSync(path.join(folder, 'manifest.json'), JSON.stringify(manifest, null, 2));
console.log(`wrote ${manifest.length} images and manifest.json to ${folder}`);
