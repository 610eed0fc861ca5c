-- 0010-quiz: quizzes by reply; see docs/quiz.md ("Storage").
CREATE TABLE quiz_settings (
	list_id INTEGER PRIMARY KEY REFERENCES lists(id),
	enabled INTEGER NOT NULL DEFAULT 1,
	scheduler TEXT NOT NULL CHECK (scheduler IN ('classic', 'adaptive')),
	every_days INTEGER NOT NULL CHECK (every_days BETWEEN 1 AND 60),
	per_batch INTEGER NOT NULL CHECK (per_batch BETWEEN 1 AND 10),
	hour INTEGER NOT NULL CHECK (hour BETWEEN 6 AND 19),
	expiry_days INTEGER NOT NULL CHECK (expiry_days BETWEEN 1 AND 60),
	retention REAL NOT NULL CHECK (retention > 0 AND retention < 1),
	updated TEXT NOT NULL
);
CREATE TABLE quiz_questions (
	id INTEGER PRIMARY KEY,
	list_id INTEGER NOT NULL REFERENCES lists(id),
	qkey TEXT NOT NULL,
	current INTEGER,
	status TEXT NOT NULL
	    CHECK (status IN ('active', 'retired', 'proposed', 'rejected')),
	author TEXT NOT NULL,
	created TEXT NOT NULL,
	UNIQUE (list_id, qkey)
);
CREATE INDEX quiz_questions_status ON quiz_questions(list_id, status, id);
CREATE TABLE quiz_versions (
	id INTEGER PRIMARY KEY,
	question_id INTEGER NOT NULL REFERENCES quiz_questions(id),
	version INTEGER NOT NULL,
	digest TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('choice', 'tf', 'short')),
	title TEXT,
	topic TEXT,
	text TEXT NOT NULL,
	general TEXT,
	source TEXT NOT NULL,
	created TEXT NOT NULL,
	UNIQUE (question_id, version)
);
CREATE TABLE quiz_answers (
	version_id INTEGER NOT NULL REFERENCES quiz_versions(id),
	pos INTEGER NOT NULL,
	text TEXT NOT NULL,
	feedback TEXT,
	is_right INTEGER NOT NULL,
	PRIMARY KEY (version_id, pos)
);
CREATE TABLE quiz_learners (
	list_id INTEGER NOT NULL REFERENCES lists(id),
	member_id INTEGER NOT NULL REFERENCES members(id),
	state TEXT NOT NULL DEFAULT 'on' CHECK (state IN ('on', 'off')),
	paused_until TEXT,
	next_at TEXT,
	welcomed TEXT,
	enrolled TEXT NOT NULL,
	PRIMARY KEY (list_id, member_id)
);
CREATE INDEX quiz_learners_due ON quiz_learners(next_at) WHERE state = 'on';
CREATE INDEX quiz_learners_member ON quiz_learners(member_id, welcomed);
CREATE TABLE quiz_cards (
	member_id INTEGER NOT NULL REFERENCES members(id),
	question_id INTEGER NOT NULL REFERENCES quiz_questions(id),
	due TEXT NOT NULL,
	c_state INTEGER NOT NULL,
	c_last INTEGER NOT NULL,
	c_first INTEGER NOT NULL,
	c_streak INTEGER NOT NULL,
	presentations INTEGER NOT NULL,
	c_day INTEGER NOT NULL,
	reviewed INTEGER NOT NULL,
	s REAL NOT NULL,
	d REAL NOT NULL,
	last_review INTEGER NOT NULL,
	PRIMARY KEY (member_id, question_id)
);
CREATE TABLE quiz_sends (
	id INTEGER PRIMARY KEY,
	list_id INTEGER NOT NULL REFERENCES lists(id),
	member_id INTEGER NOT NULL REFERENCES members(id),
	question_id INTEGER NOT NULL REFERENCES quiz_questions(id),
	version_id INTEGER NOT NULL REFERENCES quiz_versions(id),
	scheduler TEXT NOT NULL,
	sent_at TEXT NOT NULL,
	expires TEXT NOT NULL,
	answered_at TEXT,
	result TEXT CHECK (result IN ('correct', 'wrong', 'missed')),
	late INTEGER NOT NULL DEFAULT 0,
	verdict TEXT,
	choice INTEGER,
	reply TEXT,
	r REAL,
	s REAL,
	d REAL,
	due TEXT,
	interval_days INTEGER
);
CREATE INDEX quiz_sends_open ON quiz_sends(expires) WHERE result IS NULL;
CREATE INDEX quiz_sends_member ON quiz_sends(member_id, sent_at);
CREATE INDEX quiz_sends_question ON quiz_sends(question_id, member_id);
CREATE TRIGGER quiz_enrol AFTER INSERT ON memberships
WHEN NEW.status = 'active' AND EXISTS (SELECT 1 FROM quiz_settings
    WHERE list_id = NEW.list_id AND enabled = 1)
BEGIN
	INSERT OR IGNORE INTO quiz_learners(list_id,member_id,next_at,enrolled)
	VALUES (NEW.list_id, NEW.member_id, '', NEW.joined);
END;
CREATE TRIGGER quiz_reenrol AFTER UPDATE OF status ON memberships
WHEN NEW.status = 'active' AND OLD.status != 'active' AND EXISTS (SELECT 1
    FROM quiz_settings WHERE list_id = NEW.list_id AND enabled = 1)
BEGIN
	INSERT OR IGNORE INTO quiz_learners(list_id,member_id,next_at,enrolled)
	VALUES (NEW.list_id, NEW.member_id, '', NEW.joined);
	UPDATE quiz_learners SET next_at = coalesce(next_at, '')
	WHERE list_id = NEW.list_id AND member_id = NEW.member_id AND state = 'on';
END;
