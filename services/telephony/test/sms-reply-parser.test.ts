import { expect } from 'chai';
import { REFERRAL_CODE_ALPHABET, isReferralCode, newReferralCode, parseReferralReply } from '../src/index';

const accept = (code: string) => ({ decision: 'accept', code });
const decline = (code: string) => ({ decision: 'decline', code });

describe('parseReferralReply', () => {
  const rows: Array<[string, ReturnType<typeof accept> | null]> = [
    ['1 ABC234', accept('ABC234')],
    ['1 abc234', accept('ABC234')],
    ['CO ABC234', accept('ABC234')],
    ['Có ABC234', accept('ABC234')],
    ['co abc234', accept('ABC234')],
    ['CÓ  ABC234', accept('ABC234')],
    ['dong y ABC234', accept('ABC234')],
    ['Đồng ý ABC234', accept('ABC234')],
    ['ĐỒNG Ý abc234', accept('ABC234')],
    ['đồng ý: abc234!', accept('ABC234')],
    ['ABC234 1', accept('ABC234')],
    ['abc234 có', accept('ABC234')],
    ['  1   -  ABC234 . ', accept('ABC234')],
    ['1ABC234', accept('ABC234')],
    ['CO ABC 234', accept('ABC234')],
    ['2 ABC234', decline('ABC234')],
    ['2 ABC232', decline('ABC232')],
    ['KHONG ABC234', decline('ABC234')],
    ['Không ABC234', decline('ABC234')],
    ['không, abc234', decline('ABC234')],
    ['tu choi ABC234', decline('ABC234')],
    ['Từ chối ABC234', decline('ABC234')],
    ['TỪ CHỐI: abc234', decline('ABC234')],
    ['ABC234 từ chối', decline('ABC234')],
    ['không đồng ý ABC234', decline('ABC234')],
    ['ABC2342', decline('ABC234')],
    ['ko ABC234', decline('ABC234')],
    // Unreadable: null, never a guess.
    ['', null],
    ['   ', null],
    ['1', null],
    ['Có', null],
    ['ABC234', null],
    ['3 ABC234', null],
    ['1 ABC23', null],
    ['1 ABC2345', null],
    ['1 ABCDE0', null], // 0 is not in the alphabet
    ['1 ABCDEI', null], // neither is I
    ['1 ABC234 2', null],
    ['có lẽ ABC234', null],
    ['1 ABC234 cảm ơn', null],
    ['dong ABC234', null],
    ['Xin chào, tôi là Lan', null],
    ['12 ABC234', null],
  ];

  for (const [body, expected] of rows) {
    it(`${JSON.stringify(body)} → ${expected ? `${expected.decision} ${expected.code}` : 'null'}`, () => {
      expect(parseReferralReply(body)).to.deep.equal(expected);
    });
  }

  it('folds đ to d (NFD alone would leave it)', () => {
    expect('đ'.normalize('NFD')).to.equal('đ');
    expect(parseReferralReply('đong y ABC234')).to.deep.equal(accept('ABC234'));
  });

  it('refuses very long bodies', () => {
    expect(parseReferralReply(`1 ABC234 ${' '.repeat(200)}`)).to.equal(null);
  });
});

describe('referral codes', () => {
  it('the alphabet has 32 unambiguous characters (no 0, O, 1, I)', () => {
    expect(REFERRAL_CODE_ALPHABET).to.have.length(32);
    expect(new Set(REFERRAL_CODE_ALPHABET).size).to.equal(32);
    for (const c of '01OI') expect(REFERRAL_CODE_ALPHABET).not.to.include(c);
  });

  it('newReferralCode makes valid, varied codes that the parser reads back', () => {
    const codes = Array.from({ length: 2000 }, () => newReferralCode());
    for (const code of codes) {
      expect(isReferralCode(code), code).to.equal(true);
    }
    expect(new Set(codes).size).to.be.greaterThan(1990);
    const used = new Set(codes.join(''));
    expect(used.size).to.equal(32);
    const code = codes[0]!;
    expect(parseReferralReply(`Từ chối ${code.toLowerCase()}`)).to.deep.equal(decline(code));
  });

  it('isReferralCode wants exactly six upper-case alphabet characters', () => {
    expect(isReferralCode('ABC234')).to.equal(true);
    expect(isReferralCode('abc234')).to.equal(false);
    expect(isReferralCode('ABC23')).to.equal(false);
    expect(isReferralCode('ABC2340')).to.equal(false);
    expect(isReferralCode('ABCDEO')).to.equal(false);
  });
});
