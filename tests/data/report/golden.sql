INSERT INTO member_fields VALUES (1,'team','Platform'),(2,'team','Data'),(3,'team','platform'),(4,'team','Web');
INSERT INTO threads(id,list_id,subject,base_subject,root_id,message_count,created,last_activity) VALUES
 (1,1,'How do we rotate certs?','how do we rotate certs?',1,4,'2026-02-02T09:00:00Z','2026-02-05T09:00:00Z'),
 (2,1,'Build cache is slow','build cache is slow',4,3,'2026-02-04T10:00:00Z','2026-02-05T10:00:00Z'),
 (3,1,'Which profiler?','which profiler?',6,1,'2026-02-10T08:00:00Z','2026-02-10T08:00:00Z'),
 (4,1,'An old question','an old question',7,2,'2026-01-20T08:00:00Z','2026-02-12T08:00:00Z');
INSERT INTO messages(id,list_id,thread_id,parent_id,message_id,dedup_key,author_id,author,author_name,subject,date,text,quoted,status,raw_sha256) VALUES
 (1,1,1,NULL,'m1@x','1/ m1@x',1,'ana@example.org','Ana Lima','How do we rotate certs?','2026-02-02T09:00:00Z','Our certificates expire soon.','','posted',''),
 (2,1,1,1,'m2@x','1/ m2@x',2,'ben@example.org','Ben Okafor','Re: How do we rotate certs?','2026-02-02T11:00:00Z','Use the renewal pipeline.','> Our certificates expire soon.','posted',''),
 (3,1,1,2,'m3@x','1/ m3@x',3,'chloe@example.org','Chloe Martin','Re: How do we rotate certs?','2026-02-03T10:00:00Z','And check staging first.','> Use the renewal pipeline.','posted',''),
 (4,1,2,NULL,'m4@x','1/ m4@x',3,'chloe@example.org','Chloe Martin','Build cache is slow','2026-02-04T10:00:00Z','It takes minutes to warm up.','','posted',''),
 (5,1,2,4,'m5@x','1/ m5@x',4,'dana@example.org','Dana Ito','Re: Build cache is slow','2026-02-04T16:00:00Z','Prefetch the top artefacts.','','posted',''),
 (6,1,3,NULL,'m6@x','1/ m6@x',4,'dana@example.org','Dana Ito','Which profiler?','2026-02-10T08:00:00Z','perf or valgrind?','','posted',''),
 (7,1,4,NULL,'m7@x','1/ m7@x',5,'eli@example.org','Eli Haddad','An old question','2026-01-20T08:00:00Z','Anyone?','','posted',''),
 (8,1,4,7,'m8@x','1/ m8@x',1,'ana@example.org','Ana Lima','Re: An old question','2026-02-12T08:00:00Z','Late, but yes.','','posted',''),
 (9,1,2,5,'m9@x','1/ m9@x',3,'chloe@example.org','Chloe Martin','Re: Build cache is slow','2026-02-05T10:00:00Z','Held one.','','held',''),
 (10,1,1,1,'m10@x','1/ m10@x',3,'chloe@example.org','Chloe Martin','Re: How do we rotate certs?','2026-02-05T09:00:00Z','Same team reply.','','posted','');
INSERT INTO events(at,list_id,member_id,kind,object_id) SELECT date,1,author_id,'posted',id FROM messages WHERE status='posted';
INSERT INTO quiz_settings VALUES (1,1,'adaptive',3,1,9,7,0.9,'2026-01-05T10:00:00Z');
INSERT INTO quiz_questions(id,list_id,qkey,current,status,author,created) VALUES (1,1,'q1',1,'active','ana@example.org','2026-01-05T10:00:00Z'),(2,1,'q2',2,'active','ana@example.org','2026-01-05T10:00:00Z');
INSERT INTO quiz_versions(id,question_id,version,digest,kind,topic,text,source,created) VALUES (1,1,1,'d1','tf','tls','TLS?','x','2026-01-05T10:00:00Z'),(2,2,1,'d2','tf','build','Build?','x','2026-01-05T10:00:00Z');
INSERT INTO quiz_sends(id,list_id,member_id,question_id,version_id,scheduler,sent_at,expires,result) VALUES
 (1,1,2,1,1,'adaptive','2026-02-02T09:00:00Z','2026-02-09T09:00:00Z','wrong'),
 (2,1,2,1,1,'adaptive','2026-02-09T09:00:00Z','2026-02-16T09:00:00Z','correct'),
 (3,1,3,1,1,'adaptive','2026-02-02T09:00:00Z','2026-02-09T09:00:00Z','correct'),
 (4,1,3,2,2,'adaptive','2026-02-03T09:00:00Z','2026-02-10T09:00:00Z','correct'),
 (5,1,4,2,2,'adaptive','2026-02-03T09:00:00Z','2026-02-10T09:00:00Z','missed'),
 (6,1,4,2,2,'adaptive','2026-02-10T09:00:00Z','2026-02-17T09:00:00Z','wrong'),
 (7,1,5,1,1,'adaptive','2026-01-20T09:00:00Z','2026-01-27T09:00:00Z','correct'),
 (8,1,6,2,2,'adaptive','2026-02-05T09:00:00Z','2026-02-12T09:00:00Z','correct'),
 (9,1,6,1,1,'adaptive','2026-02-15T09:00:00Z','2026-02-22T09:00:00Z',NULL);
INSERT INTO events(at,list_id,member_id,kind,object_id,detail) SELECT replace(sent_at,'T09','T12'),1,member_id,'quiz.answer',id,result FROM quiz_sends WHERE result IN ('correct','wrong');
INSERT INTO quiz_cards VALUES (2,1,'2026-03-01T09:00:00Z',0,0,0,0,1,0,1,10,5,CAST(strftime('%s','2026-02-06T00:00:00Z') AS INTEGER)),
 (3,2,'2026-03-01T09:00:00Z',0,0,0,0,1,0,1,5,5,CAST(strftime('%s','2026-02-11T00:00:00Z') AS INTEGER)),
 (4,2,'2026-03-01T09:00:00Z',0,0,0,0,0,0,0,0,0,0);
INSERT INTO events(at,list_id,member_id,kind,object_id,detail) VALUES
 ('2026-02-09T12:00:00Z',1,3,'quiz.retire',1,'learnt'),
 ('2026-02-11T12:00:00Z',1,NULL,'quiz.retire',2,'by admin'),
 ('2026-01-11T12:00:00Z',1,NULL,'quiz.retire',2,'by admin');
INSERT INTO mentorships(id,list_id,mentor_id,mentee_id,started,track,state,created,health) VALUES
 (1,1,1,2,'2025-11-01','onboarding','active','2025-11-01T10:00:00Z','on track'),
 (2,1,1,4,'2025-10-01','onboarding','paused','2025-10-01T10:00:00Z','needs a check-in'),
 (3,1,3,6,'2026-02-01','onboarding','active','2026-02-01T10:00:00Z','too early'),
 (4,1,3,5,'2025-09-01','onboarding','ended','2025-09-01T10:00:00Z','inactive');
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10)
INSERT INTO prompts(kind,member_id,list_id,mentorship_id,sent_at,week) SELECT 'reflection',2,1,1,date('2025-11-01','+' || (7 * i) || ' days') || 'T10:00:00Z',i FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 7)
INSERT INTO prompts(kind,member_id,list_id,mentorship_id,sent_at,week) SELECT 'reflection',4,1,2,date('2025-10-01','+' || (7 * i) || ' days') || 'T10:00:00Z',i FROM n;
INSERT INTO prompts(kind,member_id,list_id,mentorship_id,sent_at,week) VALUES ('reflection',4,1,2,'2025-12-30T10:00:00Z',8),('prep',1,1,2,'2025-10-20T10:00:00Z',1);
INSERT INTO events(at,list_id,member_id,kind,object_id,detail) VALUES
 ('2026-02-03T10:00:00Z',1,2,'mentor.reply',1,'reflection'),
 ('2026-02-10T10:00:00Z',1,1,'mentor.reply',2,'reflection'),
 ('2026-02-02T10:00:00Z',1,6,'intro.post',11,''),
 ('2026-02-09T10:00:00Z',1,5,'intro.post',12,''),
 ('2026-01-30T10:00:00Z',1,5,'route.ask',13,'4'),
 ('2026-02-03T10:00:00Z',1,1,'route.ask',14,'2'),
 ('2026-02-03T10:00:00Z',1,2,'route.ask',15,'2'),
 ('2026-02-04T10:00:00Z',1,4,'route.ask',16,'3'),
 ('2026-02-04T16:00:00Z',1,4,'route.answer',5,'16'),
 ('2026-02-12T08:00:00Z',1,5,'route.answer',8,'13');
INSERT INTO prompts(id,kind,member_id,list_id,sent_at,replied_at,answer) VALUES
 (101,'question',2,1,'2026-02-09T10:00:00Z','2026-02-11T10:00:00Z','I now ask for a review before merging.
quote ok'),
 (102,'question',3,1,'2026-02-09T10:00:00Z','2026-02-11T11:00:00Z','I paired more. <script>alert(1)</script>'),
 (103,'question',4,1,'2026-02-09T10:00:00Z','2026-02-11T12:00:00Z','OK to quote.
I wrote tests first & it "worked" <b>better</b>.'),
 (104,'question',6,1,'2026-02-09T10:00:00Z',NULL,NULL);
INSERT INTO events(at,list_id,member_id,kind,object_id) SELECT sent_at,1,member_id,'reflect.ask',id FROM prompts WHERE kind='question';
INSERT INTO events(at,list_id,member_id,kind,object_id) SELECT replied_at,1,member_id,'reflect.answer',id FROM prompts WHERE kind='question' AND answer IS NOT NULL;
INSERT INTO events(at,list_id,member_id,kind,object_id,detail) VALUES
 ('2026-01-25T10:00:00Z',1,1,'badge.award',1,'first-post'),
 ('2026-02-03T10:00:00Z',1,2,'badge.award',2,'first-post'),
 ('2026-02-04T10:00:00Z',1,3,'badge.award',3,'first-post'),
 ('2026-02-06T10:00:00Z',1,3,'badge.award',4,'helpful'),
 ('2026-02-10T10:00:00Z',1,4,'badge.award',5,'first-post'),
 ('2026-02-11T10:00:00Z',1,4,'badge.revoke',5,'first-post');
