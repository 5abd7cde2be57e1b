/**
 * Writes the OCR test images (test/fixtures/ocr/): short English and Chinese texts, an advertisement and a plain
 * sentence in each, rendered by sharp (Pango). Needs fonts with the glyphs: on Debian, fonts-dejavu-core and
 * fonts-wqy-microhei (and fonts-noto-cjk for contact-zh.png). Run: npm run build && node dist/scripts/make-ocr-fixtures.js
 * [names...] (all when none are named).
 */
import sharp from 'sharp';

const items: Record<string, { text: string; font: string }> = {
  'ad-en.png': {
    text: 'HUGE SALE! Buy cheap replica watches now\nAdd WhatsApp +1 555 0100 for discount',
    font: 'DejaVu Sans 28',
  },
  'ad-zh.png': { text: '低价出售发票 代开各类发票\n加微信 fapiao8888 详谈', font: 'WenQuanYi Micro Hei 30' },
  'clean-en.png': { text: 'The quarterly report is ready\nfor review by the team.', font: 'DejaVu Sans 28' },
  'clean-zh.png': { text: '今天天气很好，我们去公园散步。', font: 'WenQuanYi Micro Hei 30' },
  // A contact ad in Chinese that tesseract.js chi_sim misreads (its first words) and PaddleOCR reads whole.
  'contact-zh.png': { text: '联系电话 13812345678\n客服微信 shop888', font: 'Noto Sans CJK SC 40' },
};

const wanted = process.argv.slice(2);
for (const [name, { text, font }] of Object.entries(items)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  const rendered = await sharp({ text: { text, font, dpi: 96, rgba: true } })
    .png()
    .toBuffer();
  const { width = 0, height = 0 } = await sharp(rendered).metadata();
  await sharp({ create: { width: width + 60, height: height + 60, channels: 3, background: '#f4f1ea' } })
    .composite([{ input: rendered, left: 30, top: 30 }])
    .png({ compressionLevel: 9, palette: true })
    .toFile(`test/fixtures/ocr/${name}`);
  console.log(name, width, height);
}
