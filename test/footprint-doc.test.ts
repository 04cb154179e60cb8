import * as fs from 'fs';
import * as path from 'path';
import { BEGIN, DOC_FILE, END, footprintSection, withSection } from '../cli/footprint/doc';

const ROOT = path.join(__dirname, '..');

describe('docs/footprint.md', () => {
  const doc = fs.readFileSync(path.join(ROOT, DOC_FILE), 'utf8');

  test('its generated section is what the footprint command prints now (npm run docs:footprint rewrites it)', () => {
    const section = footprintSection(ROOT);
    expect(doc.slice(doc.indexOf(BEGIN), doc.indexOf(END))).toBe(section.slice(0, section.length - END.length));
    expect(withSection(doc, section)).toBe(doc);
  });

  test('a doc without the markers is an error that says where they go', () => {
    expect(() => withSection('# Footprint\n', 'x')).toThrow(`${DOC_FILE}: the generated section's markers are missing; put the lines\n${BEGIN}\n${END}\nwhere it goes`);
  });
});
