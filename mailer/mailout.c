/* mailout.c - templates to outbox rows (see mailout.h). */
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "compose.h"
#include "conf.h"
#include "crypto.h"
#include "err.h"
#include "log.h"
#include "mailout.h"

void
mailout_list_vars(struct vars *v, const struct list_rec *list)
{
	vars_set(v, "site_name", conf_site_name);
	vars_set(v, "list_name", list->name);
	vars_set(v, "list_title", list->title);
	vars_setf(v, "list_address", "%s@%s", list->name, conf_domain);
	vars_setf(
	    v, "request_address", "%s+request@%s", list->name, conf_domain);
	vars_setf(v, "owner_address", "%s+owner@%s", list->name, conf_domain);
	vars_set(v, "archive_url", conf_archive_url);
}

void
mailout_message_id(const char *dedupe_key, struct buf *out)
{
	char hex[65];

	crypto_sha256_hex(dedupe_key, strlen(dedupe_key), hex);
	hex[32] = '\0';
	buf_addf(out, "stoa.%s@%s", hex, conf_domain);
}

void
mailout_address(const char *list, char kind, const char *tok, struct buf *out)
{
	buf_addf(out, "%s+%c-%s@%s", list, kind, tok, conf_domain);
}

int
mailout_token_address(const struct token_keys *keys, const char *list,
    const struct token *t, struct buf *out)
{
	char tok[MAX_TOKEN_CHARS + 1];
	int rc;

	rc = token_issue(keys, t, tok);
	if (rc == 0)
		mailout_address(list, t->kind, tok, out);
	return rc;
}

int
mailout_prompt_address(const struct token_keys *keys, const char *list,
    long long id, long long member, long long now, int ttl_days,
    struct buf *out)
{
	struct token t = {'p', (unsigned long long)id,
	    (unsigned long long)member,
	    now + ((long long)ttl_days + conf_token_ttl_days) * 86400};

	return mailout_token_address(keys, list, &t, out);
}

int
mailout_verp_addr_id(const char *addr, unsigned long long *id)
{
	static const char label[] = "stoa-verp-v1"; /* and its NUL */
	unsigned char md[CRYPTO_SHA256_LEN];
	char *low = str_dup((struct str){addr, strlen(addr)});
	struct buf in = BUF_INIT(MAX_EMAIL + sizeof label);
	unsigned long long h = 0;
	size_t i;
	int rc;

	str_lower(low);
	buf_add(&in, label, sizeof label);
	buf_adds(&in, low);
	rc = buf_error(&in) != 0 ? E_LIMIT : crypto_sha256(in.data, in.len, md);
	for (i = 0; rc == 0 && i < 5; i++)
		h = h << 8 | md[i];
	*id = MAILOUT_VERP_ADDR | (h & (MAILOUT_VERP_ADDR - 1));
	free(low);
	buf_release(&in);
	return rc;
}

/*
 * verp_sender - LIST+b-TOKEN@domain, the token naming the exact recipient:
 * the member id, or for anyone else (and for an id too large to tell from
 * a hash) mailout_verp_addr_id() of the address, so no two recipients
 * ever share a bounce address and a bounce scores only who bounced.
 */
static int
verp_sender(
    const struct token_keys *keys, const struct mailout *m, struct buf *out)
{
	struct token t = {'b', (unsigned long long)m->list->id,
	    (unsigned long long)m->member_id,
	    clock_now() + conf_token_ttl_days * 86400};
	int rc = 0;

	if (m->member_id <= 0 || t.member >= MAILOUT_VERP_ADDR)
		rc = mailout_verp_addr_id(m->to, &t.member);
	return rc != 0 ? rc
	               : mailout_token_address(keys, m->list->name, &t, out);
}

/* headers - the standard headers of everything Stoa sends. */
static size_t
headers(const struct mailout *m, const struct mailout_ext *x,
    const struct rendered *r, struct out_header *h, size_t max,
    struct buf *loop)
{
	size_t n = 0, i;

	buf_addf(loop, "%s@%s", m->list->name, conf_domain);
	h[n++] = (struct out_header){"X-Loop", buf_cstr(loop)};
	if (m->list_traffic)
		h[n++] = (struct out_header){"Precedence", "list"};
	else
		h[n++] =
		    (struct out_header){"Auto-Submitted", "auto-generated"};
	for (i = 0; x != NULL && i < x->n_extra && n < max; i++)
		h[n++] = x->extra[i];
	for (i = 0; i < r->n_headers && n < max; i++)
		h[n++] = (struct out_header){
		    r->headers[i].name, r->headers[i].value};
	return n;
}

/* compose - the message bytes of m rendered as r. */
static int
compose(const struct mailout *m, const struct mailout_ext *x,
    const struct rendered *r, const char *msgid, struct buf *out,
    struct buf *why)
{
	struct out_header h[32];
	struct buf listid = BUF_INIT(512), loop = BUF_INIT(512);
	struct buf from = BUF_INIT(512);
	struct outmsg o;
	int rc;

	buf_addf(&from, "%s@%s", m->list->name, conf_domain);
	memset(&o, 0, sizeof o);
	o.from_name =
	    x != NULL && x->from_name != NULL ? x->from_name : m->list->title;
	o.from_addr = buf_cstr(&from);
	o.to_name = m->to_name;
	o.to_addr = m->to;
	o.reply_to = m->reply_to;
	o.subject = r->subject;
	o.message_id = msgid;
	o.in_reply_to = m->in_reply_to;
	o.references =
	    x != NULL && x->references != NULL ? x->references : m->in_reply_to;
	buf_addf(&listid, "%s.%s", m->list->name, conf_domain);
	o.list_title = m->list->title;
	o.list_id = buf_cstr(&listid);
	o.date = clock_now();
	o.text = r->text;
	o.html = x != NULL && x->text_only ? NULL : r->html;
	o.extra = h;
	o.n_extra = headers(m, x, r, h, sizeof h / sizeof h[0], &loop);
	o.parts = x != NULL ? x->parts : NULL;
	o.n_parts = x != NULL ? x->n_parts : 0;
	rc = compose_message(&o, out, why);
	buf_release(&listid);
	buf_release(&loop);
	buf_release(&from);
	return rc;
}

int
mailout_queue(struct store *st, const struct token_keys *keys,
    const struct mailout *m, bool *queued, struct buf *why)
{
	return mailout_queue_ext(st, keys, m, NULL, queued, why);
}

int
mailout_queue_ext(struct store *st, const struct token_keys *keys,
    const struct mailout *m, const struct mailout_ext *x, bool *queued,
    struct buf *why)
{
	struct rendered r;
	struct buf msgid = BUF_INIT(512), body = BUF_INIT(16 * 1024 * 1024);
	struct buf sender = BUF_INIT(512);
	struct outbox_rec o;
	int rc;

	*queued = false;
	mailout_list_vars(m->vars, m->list);
	rendered_init(&r);
	rc = tmpl_render_message(
	    conf_templates, m->list->name, m->tmpl, m->vars, &r, why);
	if (rc == E_NOTFOUND) /* the installation's fault, not the mail's */
		rc = E_TEMP;
	if (rc != 0)
		goto out;
	if (x != NULL && x->message_id != NULL)
		buf_adds(&msgid, x->message_id);
	else
		mailout_message_id(m->dedupe_key, &msgid);
	rc = compose(m, x, &r, buf_cstr(&msgid), &body, why);
	if (rc == 0)
		rc = verp_sender(keys, m, &sender);
	if (rc != 0)
		goto out;
	memset(&o, 0, sizeof o);
	o.dedupe_key = m->dedupe_key;
	o.kind = m->kind;
	o.list_id = m->list->id;
	o.sender = buf_cstr(&sender);
	o.recipient = m->to;
	o.message_id = buf_cstr(&msgid);
	o.body = buf_cstr(&body);
	o.body_len = body.len;
	rc = store_outbox_add(st, &o, queued);
out:
	rendered_release(&r);
	buf_release(&msgid);
	buf_release(&body);
	buf_release(&sender);
	return rc;
}

int
mailout_send(struct store *st, const struct token_keys *keys,
    const struct mailout *m, const struct mailout_ext *x, const char *what)
{
	struct buf why = BUF_INIT(1024);
	bool queued; /* a dedupe hit is no failure: nothing to log */
	int rc;

	rc = mailout_queue_ext(st, keys, m, x, &queued, &why);
	if (rc != 0)
		log_err("%s error=%s reason=%s", what, err_name(rc),
		    buf_cstr(&why));
	buf_release(&why);
	return rc == E_PARSE ? E_INTERNAL : rc;
}

size_t
mailout_list_headers(const struct list_rec *list, const char *utok,
    struct out_header *h, struct buf *b)
{
	size_t n = 0, post, help, owner, unsub, arch = 0;

	post = b->len;
	buf_addf(b, "<mailto:%s@%s>", list->name, conf_domain);
	buf_addc(b, '\0');
	help = b->len;
	buf_addf(
	    b, "<mailto:%s+request@%s?subject=help>", list->name, conf_domain);
	buf_addc(b, '\0');
	owner = b->len;
	buf_addf(b, "<mailto:%s+owner@%s>", list->name, conf_domain);
	buf_addc(b, '\0');
	unsub = b->len;
	buf_addf(b, "<mailto:%s+u-%s@%s>", list->name, utok, conf_domain);
	if (conf_unsubscribe_url[0] != '\0')
		buf_addf(b, ", <%s?t=%s>", conf_unsubscribe_url, utok);
	buf_addc(b, '\0');
	if (conf_archive_url[0] != '\0') {
		arch = b->len;
		buf_addf(b, "<%s>", conf_archive_url);
		buf_addc(b, '\0');
	}
	if (buf_error(b) != 0)
		return 0;
	h[n++] = (struct out_header){"List-Post", b->data + post};
	h[n++] = (struct out_header){"List-Help", b->data + help};
	h[n++] = (struct out_header){"List-Owner", b->data + owner};
	h[n++] = (struct out_header){"List-Unsubscribe", b->data + unsub};
	/* RFC 8058: one-click only with an https URI to POST to */
	if (str_has_prefix(conf_unsubscribe_url, "https://"))
		h[n++] = (struct out_header){
		    "List-Unsubscribe-Post", "List-Unsubscribe=One-Click"};
	if (arch > 0)
		h[n++] = (struct out_header){"List-Archive", b->data + arch};
	return n;
}
