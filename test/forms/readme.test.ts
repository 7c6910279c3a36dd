// The README's forms example, run as written (with data and files filled in).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { defineForm, CharField, EmailField, BooleanField, Textarea, ValidationError } from '../../src/forms/index';

test('the README forms example runs', async () => {
  const ContactForm = defineForm({
    subject: new CharField({ maxLength: 100 }),
    message: new CharField({ widget: Textarea }),
    sender: new EmailField(),
    cc_myself: new BooleanField({ required: false }),
  }, {
    cleanSubject() {
      if (this.cleanedData.subject.includes('spam')) throw new ValidationError('No spam.', { code: 'spam' });
      return this.cleanedData.subject;
    },
    clean() {
      if (this.cleanedData.cc_myself && !this.cleanedData.sender) this.addError('sender', 'Needed to cc you.');
    },
  });
  const sent: unknown[] = [];
  const send = (d: unknown) => sent.push(d);
  const formData = new URLSearchParams('subject=Hello&message=Hi%20there&sender=a%40example.com&cc_myself=on');
  const files = null;
  const form = new ContactForm(formData, files);
  if (await form.isValid()) send(form.cleanedData);
  assert.equal(sent, [{ subject: 'Hello', message: 'Hi there', sender: 'a@example.com', cc_myself: true }]);
  assert.is(form.errors.asJson(), '{}');
  assert.ok(String(form).includes('<textarea name="message" cols="40" rows="10" required id="id_message">'));
  const spam = new ContactForm(new URLSearchParams('subject=spam&message=x&cc_myself=on'));
  assert.is(await spam.isValid(), false);
  assert.is(spam.errors.asJson(), JSON.stringify({ subject: [{ message: 'No spam.', code: 'spam' }], sender: [{ message: 'This field is required.', code: 'required' }, { message: 'Needed to cc you.', code: '' }] }));
});

test.run();
