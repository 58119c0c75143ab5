import { expect } from 'chai';
import {
  GATHER_RESULT_TEXT,
  OFFER_TEXT,
  gatherResultTwiml,
  parseTwiml,
  readOfferDigits,
  referralOfferTwiml,
  smsReplyTwiml,
  type GatherOutcome,
  type TwimlElement,
} from '../src/index';

const INPUT = {
  reference: 'HN-2026-000123',
  categoryLabelVi: 'Bạo lực gia đình',
  communeNameVi: 'Phường Ba Đình',
  gatherActionUrl: 'https://hotline.example.vn/twilio/voice/gather?referral=R1&attempt=1',
  repeatUrl: 'https://hotline.example.vn/twilio/voice/offer?referral=R1&attempt=2',
};

function all(el: TwimlElement, name: string): TwimlElement[] {
  return [...(el.name === name ? [el] : []), ...el.children.flatMap((c) => all(c, name))];
}

describe('referral offer TwiML', () => {
  it('gathers one DTMF digit, posts it to the action, and speaks Vietnamese', () => {
    const xml = referralOfferTwiml(INPUT);
    expect(xml).to.include('language="vi-VN"').and.include('numDigits="1"');
    const response = parseTwiml(xml);
    const [gather] = all(response, 'Gather');
    expect(gather!.attributes).to.include({ input: 'dtmf', numDigits: '1', method: 'POST', timeout: '8', action: INPUT.gatherActionUrl });
    const says = all(response, 'Say');
    expect(says.length).to.be.greaterThan(1);
    for (const say of says) expect(say.attributes.language).to.equal('vi-VN');
  });

  it('reads exactly the fixed sentence with the reference in digit groups, the category and the commune', () => {
    const [prompt] = all(parseTwiml(referralOfferTwiml(INPUT)), 'Gather').flatMap((g) => all(g, 'Say'));
    expect(prompt!.text).to.equal(
      'Tổng đài bảo vệ trẻ em 111. Có một ca cần hỗ trợ: mã ca HN 2026 000123, loại Bạo lực gia đình, tại Phường Ba Đình. ' +
        'Bấm 1 để nhận ca, bấm 2 để từ chối, bấm 9 để nghe lại.',
    );
  });

  it('adds the risk level only when given', () => {
    const [prompt] = all(parseTwiml(referralOfferTwiml({ ...INPUT, riskLabelVi: 'nguy cơ cao' })), 'Say');
    expect(prompt!.text).to.include('loại Bạo lực gia đình, mức độ nguy cơ cao, tại Phường Ba Đình.');
  });

  it('the only dynamic text in every prompt is the builder inputs: extra fields such as a child’s name never appear', () => {
    const withExtras = { ...INPUT, childName: 'Nguyễn Thị Lan', narrative: 'Bé Lan bị đánh', phone: '+84912345678' };
    const xml = referralOfferTwiml(withExtras);
    for (const secret of ['Nguyễn', 'Lan', 'đánh', '912345678']) expect(xml).not.to.include(secret);
    const spoken = all(parseTwiml(xml), 'Say').map((s) => s.text).join(' ');
    const withoutInputs = spoken
      .replace('HN 2026 000123', '{reference}')
      .replace(INPUT.categoryLabelVi, '{category}')
      .replace(INPUT.communeNameVi, '{commune}');
    expect(withoutInputs).to.equal(
      'Tổng đài bảo vệ trẻ em 111. Có một ca cần hỗ trợ: mã ca {reference}, loại {category}, tại {commune}. ' +
        `Bấm 1 để nhận ca, bấm 2 để từ chối, bấm 9 để nghe lại. ${OFFER_TEXT.noInputRepeat}`,
    );
  });

  it('refuses a reference that is not a case reference (so no free text can ride in it)', () => {
    expect(() => referralOfferTwiml({ ...INPUT, reference: 'Nguyễn Thị Lan' })).to.throw(/reference/);
  });

  it('keeps each field to one plain line and escapes markup', () => {
    const xml = referralOfferTwiml({ ...INPUT, communeNameVi: 'Xã <Say>A</Say>\nB' });
    expect(xml).not.to.include('<Say>A</Say>');
    const [prompt] = all(parseTwiml(xml), 'Say');
    expect(prompt!.text).to.include('tại Xã <Say>A</Say> B.');
    expect(() => referralOfferTwiml({ ...INPUT, categoryLabelVi: 'x'.repeat(81) })).to.throw(/categoryLabelVi/);
    expect(() => referralOfferTwiml({ ...INPUT, communeNameVi: '  ' })).to.throw(/communeNameVi/);
  });

  it('first play: no key → says so and redirects to the repeat URL; repeated play: goodbye and hang up', () => {
    const first = parseTwiml(referralOfferTwiml(INPUT));
    expect(first.children.map((c) => c.name)).to.deep.equal(['Gather', 'Say', 'Redirect']);
    expect(first.children[2]!.text).to.equal(INPUT.repeatUrl);
    const again = parseTwiml(referralOfferTwiml({ ...INPUT, repeatUrl: undefined }));
    expect(again.children.map((c) => c.name)).to.deep.equal(['Gather', 'Say', 'Hangup']);
    expect(again.children[1]!.text).to.equal(OFFER_TEXT.noInputGoodbye);
  });
});

describe('gather result TwiML', () => {
  const outcomes: GatherOutcome[] = ['accepted', 'declined', 'repeat', 'invalid', 'already_answered', 'expired'];
  for (const outcome of outcomes) {
    it(`${outcome}: one short Vietnamese sentence`, () => {
      const response = parseTwiml(gatherResultTwiml(outcome, { offerUrl: '/voice/offer' }));
      const [say] = all(response, 'Say');
      expect(say!.attributes.language).to.equal('vi-VN');
      expect(say!.text).to.equal(GATHER_RESULT_TEXT[outcome]);
      const last = response.children.at(-1)!;
      if (outcome === 'repeat' || outcome === 'invalid') expect(last).to.include({ name: 'Redirect', text: '/voice/offer' });
      else expect(last.name).to.equal('Hangup');
    });
  }

  it('repeat needs the offer URL', () => {
    expect(() => gatherResultTwiml('repeat')).to.throw(/offerUrl/);
    expect(parseTwiml(gatherResultTwiml('invalid')).children.at(-1)!.name).to.equal('Hangup');
  });

  it('reads keypad digits: 1 accept, 2 decline, 9 repeat, anything else invalid', () => {
    expect(['1', '2', '9', '3', '', undefined, '11'].map(readOfferDigits)).to.deep.equal([
      'accept',
      'decline',
      'repeat',
      'invalid',
      'invalid',
      'invalid',
      'invalid',
    ]);
  });
});

describe('SMS reply TwiML', () => {
  it('wraps the text in a MessagingResponse <Message>, escaped', () => {
    expect(smsReplyTwiml('Đã nhận <ca> & cảm ơn')).to.equal(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Message>Đã nhận &lt;ca&gt; &amp; cảm ơn</Message></Response>',
    );
  });

  it('answers with an empty Response when there is nothing to say', () => {
    expect(parseTwiml(smsReplyTwiml()).children).to.have.length(0);
  });
});
