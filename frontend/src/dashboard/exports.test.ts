// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { exportBody } from './exports';
import { drawExports, type ExportChoice } from './render';

describe('exportBody', () => {
  it('sends the offsets option for doccano only', () => {
    expect(exportBody({ format: 'doccano', onlyGold: true, options: { offsets: 'utf16' } }))
      .toEqual({ format: 'doccano', only_gold: true, options: { offsets: 'utf16' } });
    // Another format never sends an option it does not take (the server would answer 400).
    expect(exportBody({ format: 'jsonl', onlyGold: false, options: { offsets: 'utf16' } }))
      .toEqual({ format: 'jsonl', only_gold: false });
    expect(exportBody({ format: 'doccano', onlyGold: true, options: { offsets: 'bytes' } }))
      .toEqual({ format: 'doccano', only_gold: true });
  });
});

describe('format options of labelstudio and hf', () => {
  it('sends each format its own options only', () => {
    expect(exportBody({ format: 'labelstudio', onlyGold: true, options: { offsets: 'utf16', rows: 'document' } }))
      .toEqual({ format: 'labelstudio', only_gold: true, options: { offsets: 'utf16' } });
    expect(exportBody({ format: 'hf', onlyGold: true, options: { offsets: 'utf16', rows: 'document' } }))
      .toEqual({ format: 'hf', only_gold: true, options: { rows: 'document' } });
  });

  it('submits the chosen format\'s offsets, not another format\'s select of the same name', () => {
    const body = document.createElement('div');
    const started: ExportChoice[] = [];
    drawExports(body, [], { canStart: true, formats: ['doccano', 'labelstudio'], choice: { format: 'doccano', onlyGold: true },
      start: (c) => started.push(c) });
    const selects = [...body.querySelectorAll('select[name="offsets"]')] as HTMLSelectElement[];
    expect(selects).toHaveLength(2);
    const [doccano] = selects;
    if (!doccano) throw new Error('no offsets select');
    doccano.value = 'utf16'; // doccano's; labelstudio's stays codepoints
    (body.querySelector('form') as HTMLFormElement).dispatchEvent(new Event('submit', { cancelable: true }));
    expect(started[0]?.options?.offsets).toBe('utf16');
  });
});

describe('the export form', () => {
  function draw(choice: ExportChoice = { format: '', onlyGold: true }) {
    const body = document.createElement('div');
    const started: ExportChoice[] = [];
    drawExports(body, [], { canStart: true, formats: ['jsonl', 'doccano'], choice, start: (c) => started.push(c) });
    const format = body.querySelector('.export-form__format') as HTMLSelectElement;
    const offsets = body.querySelector('.export-form__option select[name="offsets"]') as HTMLSelectElement;
    return { body, format, offsets, started };
  }

  it('offers the offsets choice while doccano is selected, and sends it', () => {
    const { body, format, offsets, started } = draw();
    const field = offsets.closest('.export-form__option') as HTMLElement;
    expect(format.value).toBe('jsonl');
    expect(field.hidden).toBe(true);
    format.value = 'doccano';
    format.dispatchEvent(new Event('change'));
    expect(field.hidden).toBe(false);
    expect([...offsets.options].map((o) => o.value)).toEqual(['codepoints', 'utf16']);
    offsets.value = 'utf16';
    (body.querySelector('form') as HTMLFormElement).dispatchEvent(new Event('submit', { cancelable: true }));
    const [choice] = started;
    expect(started).toHaveLength(1);
    expect(choice && exportBody(choice)).toEqual({ format: 'doccano', only_gold: true, options: { offsets: 'utf16' } });
  });

  it('keeps the chosen offsets when the list is drawn again', () => {
    const { offsets } = draw({ format: 'doccano', onlyGold: true, options: { offsets: 'utf16' } });
    expect(offsets.value).toBe('utf16');
    expect((offsets.closest('.export-form__option') as HTMLElement).hidden).toBe(false);
  });
});
