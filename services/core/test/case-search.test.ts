import { expect } from 'chai';
import {
  caseSearchTerms, communeProperName, parseSearchQuery, referenceTerms, searchWords, textHasWord, wordQueryTerms, wordTerms,
} from '../src/index';

describe('case search: folding and terms', () => {
  it('folds Vietnamese words: no diacritics, lower case, đ → d, split on spaces and punctuation', () => {
    expect(searchWords('Nguyễn Thị Ánh-Tuyết')).to.deep.equal(['nguyen', 'thi', 'anh', 'tuyet']);
    expect(searchWords('ĐỐNG ĐA, Hà Nội')).to.deep.equal(['dong', 'da', 'ha', 'noi']);
    expect(searchWords('Số 12/34 ngõ Đình Đông')).to.deep.equal(['so', '12', '34', 'ngo', 'dinh', 'dong']);
    // Decomposed input (as some keyboards send it) folds the same as composed.
    expect(searchWords('A\u0301nh')).to.deep.equal(searchWords('Ánh'));
    expect(searchWords(null)).to.deep.equal([]);
    expect(searchWords('  ')).to.deep.equal([]);
  });

  it('a word is found by itself and by its prefixes of two characters or more', () => {
    expect(wordTerms('tuyet')).to.deep.equal(['tuyet', 'tu', 'tuy', 'tuye']);
    expect(wordTerms('a')).to.deep.equal(['a']);
    expect(wordTerms('x'.repeat(30))).to.have.length(24); // the word and prefixes up to 24 characters
  });

  it("a commune is found by its proper name, not by its kind", () => {
    expect(communeProperName('Phường Đống Đa')).to.equal('Đống Đa');
    expect(communeProperName('Xã Tà Xi Láng')).to.equal('Tà Xi Láng');
    expect(communeProperName('Thị trấn Sa Pa')).to.equal('Sa Pa');
  });

  it("a case's terms: names, commune, address, reference and phone hashes, no duplicates", () => {
    const terms = caseSearchTerms({
      reference: 'HN-2026-000123', subjectNames: ['Bé Ánh', null], callerNames: ['Trần Đức'], communeName: 'Phường Đống Đa', address: 'Ngõ 5', callerPhoneHashes: ['h1'],
    });
    expect(terms).to.include.members(['be', 'anh', 'an', 'tran', 'tr', 'duc', 'du', 'dong', 'do', 'da', 'ngo', 'ng', '5', '#123', '#hn-2026-000123', 'tel:h1']);
    expect(terms).to.not.include('phuong');
    expect(new Set(terms).size).to.equal(terms.length);
    expect(referenceTerms('HCM-2025-004200')).to.deep.equal(['#4200', '#hcm-2025-004200']);
  });

  it('reads a query: references, phone numbers in any format, words in any order', () => {
    expect(parseSearchQuery('hn-2026-123 anh')).to.deep.equal([{ kind: 'reference', reference: 'HN-2026-000123' }, { kind: 'word', word: 'anh' }]);
    expect(parseSearchQuery('0912 345 678')).to.deep.equal([{ kind: 'phone', raw: '0912 345 678' }]);
    expect(parseSearchQuery('+84 91 234 5678 Lan')).to.deep.equal([{ kind: 'phone', raw: '+84 91 234 5678' }, { kind: 'word', word: 'lan' }]);
    expect(parseSearchQuery('84912345678')).to.deep.equal([{ kind: 'phone', raw: '84912345678' }]);
    expect(parseSearchQuery('Tuyết  ÁNH tuyet')).to.deep.equal([{ kind: 'word', word: 'tuyet' }, { kind: 'word', word: 'anh' }]);
    expect(parseSearchQuery('123')).to.deep.equal([{ kind: 'word', word: '123' }]);
    expect(parseSearchQuery('a b c d e f g h')).to.have.length(6);
    expect(parseSearchQuery(' ,;')).to.deep.equal([]);
  });

  it('a number looks up an address word and a reference sequence', () => {
    expect(wordQueryTerms('00123')).to.deep.equal(['00123', '#123']);
    expect(wordQueryTerms('anh')).to.deep.equal(['anh']);
    expect(textHasWord('Nguyễn Thị Ánh Tuyết', 'tuy')).to.equal(true);
    expect(textHasWord('Nguyễn Thị Ánh Tuyết', 'uyet')).to.equal(false);
  });
});
