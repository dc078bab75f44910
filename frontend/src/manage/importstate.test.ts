import { describe, expect, it } from 'vitest';
import { importErrors, importFields, importView, refusalLines } from './importstate';

const base = { total: 0, done: 0, progress: 0, errors: [] as unknown[], result: {} };

describe('importView', () => {
  it('shows the documents done while the job runs', () => {
    const view = importView({ ...base, status: 'running', total: 500, done: 120, progress: 0.24 });
    expect(view).toMatchObject({ title: 'Importing', percent: 24, detail: '120 of 500 documents', finished: false });
  });

  it('sums up a finished import', () => {
    const view = importView({ ...base, status: 'succeeded', progress: 1,
      result: { created: 480, duplicates: 20, annotations: 0 } });
    expect(view).toMatchObject({ title: 'Done', percent: 100, finished: true,
      detail: '480 documents created, 20 duplicates skipped' });
  });

  it('lists the errors of a failed import with file, line and field', () => {
    const view = importView({ ...base, status: 'failed', errors: [
      { file: 'docs.jsonl', line: 3, field: 'text', message: "docs.jsonl line 3, field 'text': must be a string (and 1 more errors)" },
      { file: 'docs.jsonl', line: 7, field: null, message: 'not JSON: Expecting value' },
    ] });
    expect(view.detail).toBe('Nothing was imported: 2 errors below.');
    expect(view.errors).toEqual([
      { file: 'docs.jsonl', line: 3, field: 'text', message: 'must be a string (and 1 more errors)' },
      { file: 'docs.jsonl', line: 7, field: null, message: 'not JSON: Expecting value' },
    ]);
  });
});

describe('importErrors', () => {
  it('keeps a message that does not start with the file name', () => {
    expect(importErrors([{ file: 'a.csv', line: null, field: null, message: 'empty file' }])[0]?.message).toBe('empty file');
    expect(importErrors(['boom'])[0]).toEqual({ file: '', line: null, field: null, message: 'boom' });
  });
});

describe('refusalLines', () => {
  it('names the field of a refused upload', () => {
    expect(refusalLines({ detail: 'format: unknown', errors: [{ field: 'format', message: 'choose one of jsonl' }] }))
      .toEqual(['format: unknown', "field 'format': choose one of jsonl"]);
  });

  it('says something for a body that is not the contract', () => {
    expect(refusalLines(null)).toEqual(['The upload was refused.']);
    expect(refusalLines('Request Entity Too Large')).toEqual(['Request Entity Too Large']);
  });
});

describe('importFields', () => {
  const file = new File(['{"text": "x"}'], 'docs.jsonl');
  it('sends the model and its version with predictions, trimmed', () => {
    expect(importFields([['file', file], ['as', 'predictions'], ['model', ' ner-v2 '], ['model_version', '2.1']]))
      .toEqual([['file', file], ['as', 'predictions'], ['model', 'ner-v2'], ['model_version', '2.1']]);
  });
  it('leaves out a model left blank (the API would refuse it) and any model for documents or gold', () => {
    expect(importFields([['as', 'predictions'], ['model', '  '], ['model_version', '']])).toEqual([['as', 'predictions']]);
    expect(importFields([['as', 'gold'], ['model', 'ner'], ['model_version', '1']])).toEqual([['as', 'gold']]);
  });
});
