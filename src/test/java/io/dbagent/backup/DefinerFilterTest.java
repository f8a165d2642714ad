package io.dbagent.backup;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DefinerFilterTest {

    @Test
    void dropsDefinerClausesOfViewsTriggersAndRoutinesButNotData() {
        assertThat(DefinerFilter.strip("/*!50013 DEFINER=`root`@`localhost` SQL SECURITY DEFINER */"))
                .isEqualTo("/*!50013  SQL SECURITY DEFINER */");
        assertThat(DefinerFilter.strip("/*!50003 CREATE*/ /*!50017 DEFINER=`ro``ot`@`%`*/ /*!50003 TRIGGER t"))
                .isEqualTo("/*!50003 CREATE*/ /*!50017 */ /*!50003 TRIGGER t");
        String data = "INSERT INTO `notes` VALUES (1,'DEFINER=`root`@`localhost`')";
        assertThat(DefinerFilter.strip(data)).isEqualTo(data);
    }
}
